using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using Nnfs.Datasets;

namespace Nnfs.Tests.Datasets;

public class IdxFileTests
{
    // Golden idx_samples.txt: "<dataset> <split> <index> <label> <784 pixels hex>" and "<dataset> <split> sum <total>",
    // written by Golden/Datasets/make_data_golden.py with gzip + numpy.
    public static TheoryData<string, string> Splits => new()
    {
        { "fashion-mnist", "train" }, { "fashion-mnist", "t10k" }, { "mnist", "train" }, { "mnist", "t10k" },
    };

    [SkippableTheory]
    [MemberData(nameof(Splits))]
    public void RealFilesMatchNumPyReading(string dataset, string split)
    {
        var data = Load(dataset, split);
        Assert.Equal(split == "train" ? 60000 : 10000, data.Count);
        Assert.Equal(28, data.Height);
        Assert.Equal(28, data.Width);
        int checkedSamples = 0;
        foreach (var fields in TestData.GoldenLines("idx_samples.txt").Select(l => l.Split(' ')))
        {
            if (fields[0] != dataset || fields[1] != split) continue;
            if (fields[2] == "sum")
            {
                Assert.Equal(long.Parse(fields[3]), data.Pixels.Sum(b => (long)b));
                continue;
            }
            int index = int.Parse(fields[2]);
            Assert.Equal(byte.Parse(fields[3]), data.Labels[index]);
            Assert.Equal(TestData.Hex(fields[4]), data.Image(index).ToArray());
            checkedSamples++;
        }
        Assert.Equal(3, checkedSamples);
    }

    [SkippableFact]
    public void FashionMnistLabelsAndClassCountsAreAsDocumented()
    {
        // shared/datasets/fashion-mnist/README.md, "Contents (verified)".
        var train = TestData.FashionMnistTrain;
        var test = TestData.FashionMnistTest;
        Assert.Equal([9, 0, 0, 3, 0, 2, 7, 2, 5, 5], train.Labels[..10].Select(b => (int)b));
        Assert.Equal([9, 2, 1, 1, 6, 1, 4, 6, 5, 7], test.Labels[..10].Select(b => (int)b));
        Assert.All(train.CountPerClass(10), c => Assert.Equal(6000, c));
        Assert.All(test.CountPerClass(10), c => Assert.Equal(1000, c));
    }

    [SkippableFact]
    public void MnistClassCountsAreAsDocumented()
    {
        // shared/datasets/mnist/README.md, "Contents (verified)".
        var test = IdxDataset.Mnist.Load(TestData.MnistDirectory, DataSplitKind.Test);
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], test.CountPerClass(10));
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], test.Labels[..10].Select(b => (int)b));
    }

    [SkippableFact]
    public void WrittenBackTheTestImagesHashLikeTheOfficialUncompressedFile()
    {
        // SHA-256 of the uncompressed t10k-images-idx3-ubyte, from shared/datasets/fashion-mnist/README.md: every
        // pixel read must be right for the hash to match.
        AssertWrittenBackHash(TestData.FashionMnistTest, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
    }

    [SkippableFact]
    public void WrittenBackTheTrainingImagesHashLikeTheOfficialUncompressedFile()
    {
        // The 47 MB pixel array takes the large-array path (pinned, huge-page advice on Linux): same bytes.
        AssertWrittenBackHash(TestData.FashionMnistTrain, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
    }

    private static void AssertWrittenBackHash(ImageDataSet images, string sha256)
    {
        using var ms = new MemoryStream();
        IdxFile.WriteImages(ms, images.Pixels, images.Count, images.Height, images.Width);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(ms.ToArray())));
    }

    [SkippableFact]
    public void CompressedAndUncompressedFilesAgree()
    {
        using var tmp = new TempDir();
        string dir = TestData.FashionMnistDirectory;
        foreach (string name in new[] { IdxDataset.TestImages, IdxDataset.TestLabels })
        {
            using var gz = new GZipStream(File.OpenRead(Path.Combine(dir, name + ".gz")), CompressionMode.Decompress);
            using var plain = File.Create(tmp.Combine(name));
            gz.CopyTo(plain);
        }
        var fromPlain = IdxDataset.FashionMnist.Load(tmp.Path, DataSplitKind.Test);
        var fromGz = TestData.FashionMnistTest;
        Assert.Equal(fromGz.Labels, fromPlain.Labels);
        Assert.True(fromGz.Pixels.AsSpan().SequenceEqual(fromPlain.Pixels));
    }

    [Fact]
    public void SmallRoundTripThroughWriters()
    {
        using var tmp = new TempDir();
        var pixels = Enumerable.Range(0, 3 * 2 * 4).Select(i => (byte)(i * 11)).ToArray();
        WriteFile(tmp.Combine("img"), s => IdxFile.WriteImages(s, pixels, 3, 2, 4));
        WriteFile(tmp.Combine("lbl"), s => IdxFile.WriteLabels(s, new byte[] { 2, 0, 1 }));
        var data = IdxFile.Load(tmp.Combine("img"), tmp.Combine("lbl"));
        Assert.Equal(3, data.Count);
        Assert.Equal(2, data.Height);
        Assert.Equal(4, data.Width);
        Assert.Equal(pixels, data.Pixels);
        Assert.Equal(pixels[8..16], data.Image(1).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BadMagicIsRefused(bool gzip)
    {
        using var tmp = new TempDir();
        var bytes = ImageFileBytes(2, 28, 28);
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000802);
        string path = Write(tmp, "bad-images", bytes, gzip);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("bad magic number 0x00000802", ex.Message);
    }

    [Fact]
    public void LabelFileGivenAsImagesIsNamed()
    {
        using var tmp = new TempDir();
        string path = Write(tmp, "labels", LabelFileBytes(5), gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains("this is a label file", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedImagesAreRefusedWithCounts(bool gzip)
    {
        using var tmp = new TempDir();
        var bytes = ImageFileBytes(10, 28, 28);
        string path = Write(tmp, "train-images-idx3-ubyte", bytes[..(16 + 1000)], gzip);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains(path, ex.Message);
        // A gzip file's size is known from its trailer before decompressing.
        Assert.Contains($"expected 7840 pixel bytes after the header, found 1000{(gzip ? " according to the gzip trailer" : "")} (file truncated?)", ex.Message);
    }

    [Fact]
    public void TruncatedGzipStreamIsRefused()
    {
        using var tmp = new TempDir();
        string full = Write(tmp, "full", ImageFileBytes(50, 28, 28), gzip: true);
        var gz = File.ReadAllBytes(full);
        string path = tmp.Combine("cut.gz");
        File.WriteAllBytes(path, gz[..(gz.Length / 2)]);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void CorruptGzipDataIsRefused()
    {
        using var tmp = new TempDir();
        string full = Write(tmp, "full", ImageFileBytes(50, 28, 28), gzip: true);
        var gz = File.ReadAllBytes(full);
        for (int i = 20; i < 60; i++) gz[i] ^= 0x5A;
        string path = tmp.Combine("corrupt.gz");
        File.WriteAllBytes(path, gz);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.StartsWith(path, ex.Message);
    }

    [Fact]
    public void TrailingBytesAreRefused()
    {
        using var tmp = new TempDir();
        string path = Write(tmp, "labels", [.. LabelFileBytes(5), 7, 7], gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));
        Assert.Contains("found 2 more than that", ex.Message);
    }

    [Fact]
    public void ShortHeaderIsRefused()
    {
        using var tmp = new TempDir();
        var bytes = ImageFileBytes(1, 28, 28)[..10];
        string path = Write(tmp, "short", bytes, gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains("too short for an IDX header (16 bytes)", ex.Message);
    }

    [Theory]
    [InlineData(0, 28, 28)]
    [InlineData(3, 0, 28)]
    [InlineData(3, 28, 0)]
    public void ZeroDimensionsAreRefused(int count, int rows, int columns)
    {
        using var tmp = new TempDir();
        string path = Write(tmp, "dims", ImageFileBytes(count, rows, columns), gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Equal($"{path}: the header says {count} images of {rows}×{columns}; every dimension must be at least 1.", ex.Message);
        string labels = Write(tmp, "labels", LabelFileBytes(0), gzip: true);
        Assert.Equal($"{labels}: the header says the file holds 0 labels; it must hold at least 1.",
            Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(labels)).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ASizeProductBeyondLongIsRefusedWithItsNumbers(bool gzip)
    {
        // 00000803 40000000 40000000 00000010: 2^30 · 2^30 · 16 = 2^64, which wraps to 0 in 64-bit arithmetic.
        using var tmp = new TempDir();
        string path = Write(tmp, "wrap", Convert.FromHexString("00000803400000004000000000000010"), gzip);
        var ex = AssertRefusedAllocatingLittle(() => IdxFile.ReadImages(path));
        Assert.Equal($"{path}: 1073741824 images of 1073741824×16 (18446744073709551616 bytes) are more than one array holds ({Array.MaxLength} bytes).", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AHeaderClaimingGigabytesIsRefusedBeforeAllocating(bool gzip)
    {
        // 16 bytes claiming Array.MaxLength pixels: the file's length (or its gzip trailer) says there are none.
        using var tmp = new TempDir();
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, IdxFile.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Array.MaxLength);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 1);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 1);
        string path = Write(tmp, "huge", header, gzip);
        var ex = AssertRefusedAllocatingLittle(() => IdxFile.ReadImages(path));
        Assert.Equal($"{path}: expected {Array.MaxLength} pixel bytes after the header, found 0{(gzip ? " according to the gzip trailer" : "")} (file truncated?).", ex.Message);
        var labels = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(labels, IdxFile.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), Array.MaxLength);
        path = Write(tmp, "huge-labels", labels, gzip);
        AssertRefusedAllocatingLittle(() => IdxFile.ReadLabels(path));
    }

    [Fact]
    public void AGzipTrailerLyingAboutTheSizeCannotMakeTheLoaderAllocateIt()
    {
        // The trailer's ISIZE matches the header's claim of Array.MaxLength pixels, but the data holds none: the
        // payload grows only with data that arrives, so the load allocates about 1 MiB, not 2 GB.
        using var tmp = new TempDir();
        var header = Convert.FromHexString("000008037FFFFFC70000000100000001");
        string path = tmp.Combine("lying.gz");
        File.WriteAllBytes(path, GzipMemberStreamTests.Member(GzipMemberStreamTests.PlainHeader, GzipMemberStreamTests.Deflate(header),
            Crc32Reference.Compute(header), (uint)(16 + Array.MaxLength)));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0, (1 << 20) + (256 << 10));
        Assert.Equal($"{path}: damaged gzip data: the data is 16 bytes but the gzip trailer records {16 + Array.MaxLength} (modulo 2^32).", ex.Message);
    }

    [Fact]
    public void AGzipPayloadGrowsToItsFullSizeAndMatchesTheUncompressedRead()
    {
        // 2.2 MB of highly compressible pixels from a file of a few kB: more than 8 × the file, so the buffer starts at
        // 1 MiB and doubles, and the pixels must still come out whole and in order.
        using var tmp = new TempDir();
        var bytes = ImageFileBytes(2800, 28, 28);
        string raw = Write(tmp, "raw", bytes, gzip: false);
        string gz = tmp.Combine("grown.gz");
        File.WriteAllBytes(gz, GzipMemberStreamTests.Gzip(bytes, CompressionLevel.SmallestSize));
        Assert.True(8L * new FileInfo(gz).Length + (1 << 20) < bytes.Length, "the test needs a payload larger than the up-front buffer");
        Assert.Equal(IdxFile.ReadImages(raw).Pixels, IdxFile.ReadImages(gz).Pixels);
    }

    [Fact]
    public void DirectoriesDevicesAndEmptyFilesAreRefusedByName()
    {
        using var tmp = new TempDir();
        Assert.Equal($"{tmp.Path}: it is a directory, not a file.", Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(tmp.Path)).Message);
        File.WriteAllBytes(tmp.Combine("empty"), []);
        Assert.Contains("is empty or is not a regular file", Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(tmp.Combine("empty"))).Message);
        if (File.Exists("/dev/zero"))
            Assert.Contains("/dev/zero: the file is empty or is not a regular file", Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages("/dev/zero")).Message);
    }

    private static InvalidDataException AssertRefusedAllocatingLittle(Action load)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InvalidDataException>(load);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 256 << 10);
        return ex;
    }

    [Fact]
    public void WrongDimensionsShowUpAsSizeMismatch()
    {
        // A header claiming 29×28 images over 28×28 data: the payload is too short for it.
        using var tmp = new TempDir();
        var bytes = ImageFileBytes(10, 28, 28);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 29);
        string path = Write(tmp, "dims", bytes, gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
        Assert.Contains("expected 8120 pixel bytes after the header, found 7840", ex.Message);
    }

    [Fact]
    public void NegativeCountIsRefused()
    {
        using var tmp = new TempDir();
        var bytes = LabelFileBytes(3);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), -5);
        string path = Write(tmp, "labels", bytes, gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));
        Assert.Contains("label count", ex.Message);
    }

    [Fact]
    public void ImageAndLabelCountMismatchIsRefused()
    {
        using var tmp = new TempDir();
        string images = Write(tmp, "images", ImageFileBytes(4, 28, 28), gzip: true);
        string labels = Write(tmp, "labels", LabelFileBytes(5), gzip: true);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.Load(images, labels));
        Assert.Contains("has 5 labels", ex.Message);
        Assert.Contains("has 4 images", ex.Message);
        Assert.Contains(labels, ex.Message);
    }

    [Fact]
    public void MissingFileNamesFolderAndFile()
    {
        using var tmp = new TempDir();
        var ex = Assert.Throws<FileNotFoundException>(() => IdxDataset.FashionMnist.Load(tmp.Path, DataSplitKind.Test));
        Assert.Contains("t10k-images-idx3-ubyte", ex.Message);
        Assert.Contains(tmp.Path, ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ChunkedReadHandsOverThePixelsInOrder(bool gzip)
    {
        using var tmp = new TempDir();
        // 200 images of 28×28 = 156,800 bytes: two full chunks and a partial one.
        string path = Write(tmp, "images", ImageFileBytes(200, 28, 28), gzip);
        var whole = IdxFile.ReadImages(path);
        (int, int, int)? header = null;
        var pixels = new List<byte>();
        var sizes = new List<int>();
        IdxFile.ReadImagesInChunks(path, (count, height, width) => header = (count, height, width), (chunk, offset) =>
        {
            Assert.Equal(pixels.Count, offset);
            sizes.Add(chunk.Length);
            pixels.AddRange(chunk.ToArray());
        });
        Assert.Equal((200, 28, 28), header);
        Assert.Equal(whole.Pixels, pixels.ToArray());
        Assert.Equal([IdxFile.ChunkSize, IdxFile.ChunkSize, 156800 - 2 * IdxFile.ChunkSize], sizes);
    }

    [Fact]
    public void ChunkedReadOfNoImagesIsRefusedBeforeBegin()
    {
        using var tmp = new TempDir();
        string path = Write(tmp, "images", ImageFileBytes(0, 28, 28), gzip: false);
        var ex = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImagesInChunks(path,
            (_, _, _) => Assert.Fail("an empty file has no header worth beginning with"), (_, _) => Assert.Fail("no pixels to hand over")));
        Assert.Contains("the header says 0 images of 28×28", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ChunkedReadRefusesBadFilesWithTheWholeReadsMessages(bool gzip)
    {
        using var tmp = new TempDir();
        var bytes = ImageFileBytes(100, 28, 28);
        var truncated = Write(tmp, "truncated", bytes[..(16 + 70000)], gzip);
        var trailing = Write(tmp, "trailing", [.. bytes, 1, 2, 3], gzip);
        var badMagic = bytes[..];
        BinaryPrimitives.WriteInt32BigEndian(badMagic, IdxFile.LabelsMagic);
        var labels = Write(tmp, "labels", badMagic, gzip);
        foreach (string path in new[] { truncated, trailing, labels })
        {
            bool begun = false;
            var expected = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));
            var ex = Assert.Throws<InvalidDataException>(
                () => IdxFile.ReadImagesInChunks(path, (_, _, _) => begun = true, (_, _) => { }));
            Assert.Equal(expected.Message, ex.Message);
            Assert.False(begun); // a length (or gzip trailer) that disagrees with the header is refused before begin
        }
        Assert.Contains("expected 78400 pixel bytes after the header, found 70000",
            Assert.Throws<InvalidDataException>(() => IdxFile.ReadImagesInChunks(truncated, (_, _, _) => { }, (_, _) => { })).Message);
        Assert.Contains("found 3 more than that",
            Assert.Throws<InvalidDataException>(() => IdxFile.ReadImagesInChunks(trailing, (_, _, _) => { }, (_, _) => { })).Message);
    }

    private static ImageDataSet Load(string dataset, string split) =>
        (dataset, split) switch
        {
            ("fashion-mnist", "train") => TestData.FashionMnistTrain,
            ("fashion-mnist", _) => TestData.FashionMnistTest,
            _ => IdxDataset.Mnist.Load(TestData.MnistDirectory, split == "train" ? DataSplitKind.Train : DataSplitKind.Test),
        };

    internal static byte[] ImageFileBytes(int count, int rows, int columns)
    {
        using var ms = new MemoryStream();
        var pixels = new byte[count * rows * columns];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7);
        IdxFile.WriteImages(ms, pixels, count, rows, columns);
        return ms.ToArray();
    }

    internal static byte[] LabelFileBytes(int count)
    {
        using var ms = new MemoryStream();
        IdxFile.WriteLabels(ms, Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());
        return ms.ToArray();
    }

    private static string Write(TempDir tmp, string name, byte[] bytes, bool gzip)
    {
        string path = tmp.Combine(gzip ? name + ".gz" : name);
        WriteFile(path, s => s.Write(bytes), gzip);
        return path;
    }

    private static void WriteFile(string path, Action<Stream> write, bool gzip = false)
    {
        using var file = File.Create(path);
        if (!gzip)
        {
            write(file);
            return;
        }
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        write(gz);
    }
}
