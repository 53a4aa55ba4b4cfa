using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Nnfs.Datasets;

namespace Nnfs.Tests.Datasets;

public class GzipMemberStreamTests
{
    private static readonly byte[] Data = MakeData();

    [Fact]
    public void AMemberWithEveryOptionalHeaderFieldDecompresses()
    {
        using var tmp = new TempDir();
        byte[] extra = [0x41, 0x42, 3, 0, 1, 2, 3];
        var header = new List<byte> { 0x1F, 0x8B, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3 };
        header.AddRange(BitConverter.GetBytes((ushort)extra.Length));
        header.AddRange(extra);
        header.AddRange(Encoding.ASCII.GetBytes("name.idx\0a comment\0"));
        header.AddRange(BitConverter.GetBytes((ushort)Crc32Reference.Compute([.. header])));
        string path = tmp.Combine("all-fields.gz");
        File.WriteAllBytes(path, Member([.. header], Deflate(Data), Crc32Reference.Compute(Data), (uint)Data.Length));
        Assert.Equal(Data, ReadAll(path));
    }

    [Fact]
    public void AnOrdinaryGZipStreamFileDecompresses()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("plain.gz");
        File.WriteAllBytes(path, Gzip(Data));
        Assert.Equal(Data, ReadAll(path));
    }

    [Fact]
    public void ACrcMismatchIsRefused()
    {
        // Stored (uncompressed) deflate blocks: a changed data byte leaves the deflate stream valid, so only the
        // CRC-32 can notice it.
        using var tmp = new TempDir();
        var body = Deflate(Data, CompressionLevel.NoCompression);
        body[body.Length / 2] ^= 0x10;
        string path = tmp.Combine("crc.gz");
        File.WriteAllBytes(path, Member(PlainHeader, body, Crc32Reference.Compute(Data), (uint)Data.Length));
        using var inflated = new MemoryStream();
        using (var deflate = new DeflateStream(new MemoryStream(body), CompressionMode.Decompress)) deflate.CopyTo(inflated);
        var changed = inflated.ToArray();
        Assert.Equal(1, changed.Zip(Data).Count(p => p.First != p.Second));
        var ex = Assert.Throws<InvalidDataException>(() => ReadAll(path));
        Assert.Equal($"the data's CRC-32 is 0x{Crc32Reference.Compute(changed):X8} but the gzip trailer records 0x{Crc32Reference.Compute(Data):X8}", ex.Message);
    }

    [Fact]
    public void AnIsizeMismatchIsRefusedAtTheEnd()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("isize.gz");
        File.WriteAllBytes(path, Member(PlainHeader, Deflate(Data), Crc32Reference.Compute(Data), (uint)Data.Length - 1));
        using var stream = (GzipMemberStream)IdxFile.OpenRead(path);
        Assert.Equal((uint)Data.Length - 1, stream.RecordedLength);
        var ex = Assert.Throws<InvalidDataException>(() => stream.CopyTo(Stream.Null));
        Assert.Equal($"the data is {Data.Length} bytes but the gzip trailer records {Data.Length - 1} (modulo 2^32)", ex.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void BytesBetweenTheDataAndTheTrailerAreRefused(int garbage)
    {
        // Garbage after a member, followed by a copy of the member's own trailer: CRC-32 and size both agree.
        using var tmp = new TempDir();
        var gz = Gzip(Data);
        string path = tmp.Combine("garbage.gz");
        File.WriteAllBytes(path, [.. gz[..^8], .. new byte[garbage], .. gz[^8..]]);
        var ex = Assert.Throws<InvalidDataException>(() => ReadAll(path));
        Assert.Contains("bytes follow the compressed data (a second gzip member or trailing garbage; one member is expected)", ex.Message);
    }

    [Fact]
    public void ConcatenatedMembersThatGZipStreamAcceptsAreRefused()
    {
        using var tmp = new TempDir();
        var idx = IdxFileTests.ImageFileBytes(20, 28, 28);
        string path = tmp.Combine("two-members.gz");
        File.WriteAllBytes(path, [.. Gzip(idx[..5000]), .. Gzip(idx[5000..])]);
        using (var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress))
        {
            var all = new MemoryStream();
            gz.CopyTo(all);
            Assert.Equal(idx, all.ToArray());
        }
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.StartsWith(path + ": expected 15680 pixel bytes after the header, found", ex.Message);
        // With the first member's size recorded at the end, the second member is found after the first one's data.
        var first = Gzip(idx[..5000]);
        var second = Gzip(idx[5000..]);
        File.WriteAllBytes(path, [.. first, .. second[..^8], .. BitConverter.GetBytes(Crc32Reference.Compute(idx)), .. BitConverter.GetBytes(idx.Length)]);
        ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.StartsWith(path + ": damaged gzip data: at least", ex.Message);
        Assert.Contains("a second gzip member or trailing garbage", ex.Message);
    }

    [Fact]
    public void DeflateDataCutShortIsRefusedEvenWithAMatchingTrailer()
    {
        // Cutting the last byte of the deflate data can leave all the output intact (the end-of-block code is gone),
        // so CRC-32 and size still agree: only the unfinished final block shows the damage.
        using var tmp = new TempDir();
        var body = Deflate(Data);
        string path = tmp.Combine("cut.gz");
        File.WriteAllBytes(path, Member(PlainHeader, body[..^1], Crc32Reference.Compute(Data), (uint)Data.Length));
        var ex = Assert.Throws<InvalidDataException>(() => ReadAll(path));
        Assert.Equal("the compressed data stops before its last block (file truncated?)", ex.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x1F, 0x8B, 7, 0, 0, 0, 0, 0, 0, 3 }, "the gzip compression method is 7; only 8 (deflate) exists.")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0x20, 0, 0, 0, 0, 0, 3 }, "the gzip header sets reserved flag bits (flags 0x20).")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0x02, 0, 0, 0, 0, 0, 3, 0x12, 0x34 }, "the gzip header's CRC-16 is 0x3412 but the header's bytes give 0x")]
    public void MalformedHeadersAreRefusedByName(byte[] header, string message)
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("header.gz");
        File.WriteAllBytes(path, Member(header, Deflate(Data), Crc32Reference.Compute(Data), (uint)Data.Length));
        var ex = Assert.Throws<InvalidDataException>(() => ReadAll(path));
        Assert.StartsWith($"{path}: {message}", ex.Message);
    }

    [Fact]
    public void AHeaderRunningIntoTheTrailerAndATinyFileAreRefused()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("name.gz");
        File.WriteAllBytes(path, [0x1F, 0x8B, 8, 0x08, 0, 0, 0, 0, 0, 3, .. Encoding.ASCII.GetBytes("a name without its terminating zero")]);
        Assert.Equal($"{path}: the gzip header runs into the trailer; the file is truncated or not gzip.",
            Assert.Throws<InvalidDataException>(() => ReadAll(path)).Message);
        File.WriteAllBytes(path, [0x1F, 0x8B, 8, 0, 0]);
        Assert.Equal($"{path}: the file has 5 bytes, too short for a gzip member (at least 18).",
            Assert.Throws<InvalidDataException>(() => ReadAll(path)).Message);
    }

    /// <summary>A gzip file written by <see cref="GZipStream"/>.</summary>
    internal static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, level, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    /// <summary>Raw deflate data written by <see cref="DeflateStream"/>.</summary>
    internal static byte[] Deflate(byte[] data, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var ms = new MemoryStream();
        using (var deflate = new DeflateStream(ms, level, leaveOpen: true)) deflate.Write(data);
        return ms.ToArray();
    }

    /// <summary>A gzip member from its parts: header, deflate data, and the trailer's CRC-32 and ISIZE.</summary>
    internal static byte[] Member(byte[] header, byte[] body, uint crc, uint size)
    {
        var trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), size);
        return [.. header, .. body, .. trailer];
    }

    /// <summary>The 10-byte header with no optional fields.</summary>
    internal static byte[] PlainHeader => [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3];

    private static byte[] ReadAll(string path)
    {
        using var stream = IdxFile.OpenRead(path);
        var all = new MemoryStream();
        stream.CopyTo(all);
        return all.ToArray();
    }

    private static byte[] MakeData()
    {
        var data = new byte[70_000];
        var random = new Random(3);
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i % 251 < 120 ? i % 7 : random.Next(256));
        return data;
    }
}
