using System.Buffers.Binary;

namespace Nnfs.Datasets;

/// <summary>
/// The CRC-32 of gzip, zlib and PNG (ISO-HDLC: reflected polynomial 0xEDB88320, initial value and final XOR
/// 0xFFFFFFFF), computed eight bytes at a step with eight derived tables ("slicing by 8").
/// </summary>
/// <remarks>
/// Check value: the CRC-32 of the ASCII bytes <c>123456789</c> is <c>0xCBF43926</c>. Pass the result of one
/// <see cref="Append"/> call as the <c>crc</c> of the next to checksum data that arrives in pieces; start from 0.
/// </remarks>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320;

    private static readonly uint[] s_tables = BuildTables();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>The CRC-32 of the data whose CRC-32 is <paramref name="crc"/> followed by <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var t = s_tables.AsSpan();
        uint c = ~crc;
        while (data.Length >= 8)
        {
            uint low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ c;
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            c = t[7 * 256 + (int)(low & 0xFF)] ^ t[6 * 256 + (int)((low >> 8) & 0xFF)]
                ^ t[5 * 256 + (int)((low >> 16) & 0xFF)] ^ t[4 * 256 + (int)(low >> 24)]
                ^ t[3 * 256 + (int)(high & 0xFF)] ^ t[2 * 256 + (int)((high >> 8) & 0xFF)]
                ^ t[256 + (int)((high >> 16) & 0xFF)] ^ t[(int)(high >> 24)];
            data = data[8..];
        }
        foreach (byte b in data) c = t[(int)((c ^ b) & 0xFF)] ^ (c >> 8);
        return ~c;
    }

    // Table k holds the CRC contribution of a byte followed by k zero bytes.
    private static uint[] BuildTables()
    {
        var t = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        for (int k = 1; k < 8; k++)
            for (int n = 0; n < 256; n++)
                t[k * 256 + n] = t[(int)(t[(k - 1) * 256 + n] & 0xFF)] ^ (t[(k - 1) * 256 + n] >> 8);
        return t;
    }
}
