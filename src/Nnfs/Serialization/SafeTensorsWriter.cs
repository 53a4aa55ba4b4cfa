using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nnfs.Serialization;

/// <summary>Writes a <see cref="SafeTensorsFile"/> in the safetensors layout, adding a SHA-256 checksum of the data.</summary>
/// <remarks>
/// Tensors are stored in the given order, back to back from data offset 0. The header is padded with spaces so
/// that the data section starts at a multiple of 8 bytes. The metadata gets <see cref="SafeTensorsFile.ChecksumKey"/>
/// = SHA-256 of the data section (lowercase hex), replacing any value given.
/// </remarks>
public static class SafeTensorsWriter
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
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
        byte[] header = BuildHeader(content, Checksum(content));
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, value) in content.Tensors)
            WriteLittleEndian(stream, value.Span);
    }

    /// <summary>The SHA-256 of the data section <paramref name="content"/> would have, as lowercase hex.</summary>
    public static string Checksum(SafeTensorsFile content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sink = new HashStream(hash);
        foreach (var (_, value) in content.Tensors)
            WriteLittleEndian(sink, value.Span);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static byte[] BuildHeader(SafeTensorsFile content, string checksum)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject(SafeTensorsReader.MetadataKey);
            foreach (var (key, value) in content.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                if (key != SafeTensorsFile.ChecksumKey) json.WriteString(key, value);
            json.WriteString(SafeTensorsFile.ChecksumKey, checksum);
            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, value) in content.Tensors)
            {
                long end = offset + 4L * value.Length;
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                json.WriteNumberValue(value.Rows);
                json.WriteNumberValue(value.Columns);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        byte[] header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
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
