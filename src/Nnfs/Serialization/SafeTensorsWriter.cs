using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Nnfs.Serialization;

/// <summary>Writes a <see cref="SafeTensorsFile"/> in the safetensors layout, adding a checksum of its header and data.</summary>
/// <remarks>
/// Tensors are stored in the given order, back to back from data offset 0. The header is the canonical JSON text
/// described in <c>docs/model-format.md</c> (no whitespace, keys sorted by code point, non-ASCII characters escaped),
/// padded with 0 to 7 spaces so that the data section starts at a multiple of 8 bytes. The metadata gets
/// <see cref="SafeTensorsFile.ChecksumKey"/> = SHA-256 of (the canonical header without that entry, then the data
/// section), as 64 lowercase hexadecimal digits, replacing any value given; so every tensor entry and every metadata
/// entry is covered (<see cref="ChecksumScope.HeaderAndData"/>).
/// </remarks>
public static class SafeTensorsWriter
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>, and a
    /// previous file at <paramref name="path"/> is unchanged.</exception>
    public static void WriteFile(string path, SafeTensorsFile content)
    {
        ArgumentNullException.ThrowIfNull(content);
        AtomicFile.Write(path, stream => Write(stream, content));
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, SafeTensorsFile content)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(content);
        var entries = Entries(content);
        var metadata = content.Metadata.ToDictionary(StringComparer.Ordinal);
        metadata[SafeTensorsFile.ChecksumKey] = Checksum(content);
        byte[] json = CanonicalHeader.Serialize(metadata, null, entries);
        int padding = (8 - json.Length % 8) % 8;
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)(json.Length + padding));
        stream.Write(length);
        stream.Write(json);
        for (int i = 0; i < padding; i++) stream.WriteByte((byte)' ');
        foreach (var (_, value) in content.Tensors)
            WriteLittleEndian(stream, value.Span);
    }

    /// <summary>
    /// The checksum <paramref name="content"/> gets when written: the SHA-256 of the canonical header without the
    /// checksum entry followed by the data section, as 64 lowercase hexadecimal digits.
    /// </summary>
    public static string Checksum(SafeTensorsFile content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(CanonicalHeader.Serialize(content.Metadata, SafeTensorsFile.ChecksumKey, Entries(content)));
        using var sink = new HashStream(hash);
        foreach (var (_, value) in content.Tensors)
            WriteLittleEndian(sink, value.Span);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The header entries of the tensors stored back to back in the given order.</summary>
    private static List<TensorEntry> Entries(SafeTensorsFile content)
    {
        var entries = new List<TensorEntry>(content.Tensors.Count);
        long offset = 0;
        foreach (var (name, value) in content.Tensors)
        {
            long end = offset + 4L * value.Length;
            entries.Add(new TensorEntry(name, value.Rows, value.Columns, offset, end, content.Vectors.Contains(name)));
            offset = end;
        }
        return entries;
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> bytes = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes, v);
            stream.Write(bytes);
        }
    }

    /// <summary>A write-only stream that feeds a hash, so the checksum needs no copy of the data.</summary>
    private sealed class HashStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);
    }
}
