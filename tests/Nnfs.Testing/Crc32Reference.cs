namespace Nnfs.Testing;

/// <summary>The reference CRC-32 for tests that build gzip members and PNG chunks by hand.</summary>
public static class Crc32Reference
{
    /// <summary>CRC-32/ISO-HDLC bit by bit, straight from its definition: the reference the table version must match.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
