using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Nnfs.Imaging;
using SkiaSharp;

namespace Nnfs.Imaging.Tests;

public class ImageCodecTests
{
    [Fact]
    public void GrayPngRoundTripsExactly()
    {
        using var tmp = new TempDir();
        var image = BilinearResizeTests.Source(31, 17);
        string path = tmp.Combine("g.png");
        ImageCodec.SavePng(image, path);
        var back = ImageCodec.LoadGray(path);
        Assert.Equal((31, 17), (back.Width, back.Height));
        Assert.Equal(image.Pixels, back.Pixels);
    }

    [Fact]
    public void ColourPngIsConvertedWithLumaWeights()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("c.png");
        var colours = new (byte R, byte G, byte B, byte A)[] { (255, 0, 0, 255), (0, 255, 0, 255), (10, 20, 250, 255), (200, 100, 50, 40) };
        WriteColourImage(path, colours, SKEncodedImageFormat.Png);
        var gray = ImageCodec.LoadGray(path);
        Assert.Equal(colours.Select(c => Grayscale.FromRgb(c.R, c.G, c.B)), gray.Pixels);
    }

    [Fact]
    public void JpegIsDecoded()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("c.jpg");
        var colours = Enumerable.Repeat(((byte)40, (byte)160, (byte)90, (byte)255), 64).ToArray();
        WriteColourImage(path, colours, SKEncodedImageFormat.Jpeg);
        var gray = ImageCodec.LoadGray(path);
        Assert.Equal(64, gray.Pixels.Length);
        byte expected = Grayscale.FromRgb(40, 160, 90);
        Assert.All(gray.Pixels, p => Assert.InRange(p, expected - 4, expected + 4));
    }

    [Fact]
    public void NonImageAndTruncatedFilesAreRefusedByName()
    {
        using var tmp = new TempDir();
        string junk = tmp.Combine("junk.png");
        File.WriteAllText(junk, "not an image");
        Assert.Contains(junk, Assert.Throws<InvalidDataException>(() => ImageCodec.LoadGray(junk)).Message);

        string good = tmp.Combine("good.png");
        ImageCodec.SavePng(BilinearResizeTests.Source(64, 64), good);
        var bytes = File.ReadAllBytes(good);
        string cut = tmp.Combine("cut.png");
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);
        Assert.Contains(cut, Assert.Throws<InvalidDataException>(() => ImageCodec.LoadGray(cut)).Message);

        Assert.Throws<FileNotFoundException>(() => ImageCodec.LoadGray(tmp.Combine("none.png")));
    }

    [Fact]
    public void ATinyPngClaiming20000By20000IsRefusedFromItsHeader()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("huge.png");
        File.WriteAllBytes(path, PngClaiming(20000, 20000));
        Assert.InRange(new FileInfo(path).Length, 1, 80);
        var ex = AssertRefusedAllocatingLittle(path);
        Assert.Equal($"{path}: the image is 20000×20000 (400000000 pixels), more than the 67108864 (8192×8192) that are decoded; shrink it first.", ex.Message);
    }

    [Fact]
    public void APngOf46341SquaredIsRefusedWithoutOverflow()
    {
        // 46341² exceeds int.MaxValue: the pixel count must be computed in 64 bits.
        using var tmp = new TempDir();
        string path = tmp.Combine("overflow.png");
        File.WriteAllBytes(path, PngClaiming(46341, 46341));
        Assert.Contains("the image is 46341×46341 (2147488281 pixels)", AssertRefusedAllocatingLittle(path).Message);
    }

    [Fact]
    public void AJpegWithAPatchedFrameHeaderIsRefusedBeforeDecoding()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("sof.jpg");
        WriteColourImage(path, Enumerable.Repeat(((byte)40, (byte)160, (byte)90, (byte)255), 64).ToArray(), SKEncodedImageFormat.Jpeg);
        var bytes = File.ReadAllBytes(path);
        int sof = FindMarker(bytes, 0xC0);
        Assert.Equal(8, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(sof + 5)));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 5), 20000);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(sof + 7), 20000);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("the image is 20000×20000 (400000000 pixels), more than the 67108864", AssertRefusedAllocatingLittle(path).Message);
    }

    [Theory]
    [InlineData(8193, 8192)]
    [InlineData(16384, 4097)]
    public void JustOverTheLimitIsRefused(int width, int height)
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("over.png");
        File.WriteAllBytes(path, PngClaiming(width, height));
        Assert.Contains("more than the 67108864 (8192×8192) that are decoded", AssertRefusedAllocatingLittle(path).Message);
    }

    [Fact]
    public void ALowerPixelLimitRefusesFromTheHeaderAndAcceptsAnImageAtIt()
    {
        var ex = Assert.Throws<InvalidDataException>(() => ImageCodec.LoadGray(new MemoryStream(PngClaiming(65, 64)), "upload", 64 * 64));
        Assert.Equal("upload: the image is 65×64 (4160 pixels), more than the 4096 that are decoded; shrink it first.", ex.Message);
        var image = new GrayImage(64, 64, new byte[64 * 64]);
        using var png = new MemoryStream();
        ImageCodec.SavePng(image, png);
        png.Position = 0;
        Assert.Equal(64 * 64, ImageCodec.LoadGray(png, "upload", 64 * 64).Pixels.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageCodec.LoadGray(new MemoryStream(), "upload", ImageCodec.MaxPixels + 1));
    }

    [Fact]
    public void AtTheLimitTheHeaderIsAcceptedAndTheMissingDataRefused()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("limit.png");
        File.WriteAllBytes(path, PngClaiming(8192, 8192));
        var ex = Assert.Throws<InvalidDataException>(() => ImageCodec.LoadGray(path));
        Assert.Equal($"{path}: cannot be decoded: the image data is incomplete (file truncated?).", ex.Message);
    }

    [Fact]
    public void DecoderResultsAreDescribedInWords()
    {
        foreach (var result in Enum.GetValues<SKCodecResult>().Where(r => r != SKCodecResult.Success))
        {
            string words = ImageCodec.Describe(result);
            Assert.DoesNotContain(result.ToString(), words);
            Assert.Matches("^[a-z][a-z0-9 ,()?-]+$", words);
        }
        using var tmp = new TempDir();
        string junk = tmp.Combine("junk.png");
        File.WriteAllText(junk, "not an image at all");
        Assert.Equal($"{junk}: not in an image format the decoder knows (PNG or JPEG expected).",
            Assert.Throws<InvalidDataException>(() => ImageCodec.LoadGray(junk)).Message);
    }

    [Fact]
    public void DamagedPixelDataIsRefusedInWords()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("damaged.png");
        ImageCodec.SavePng(BilinearResizeTests.Source(64, 64), path);
        var bytes = File.ReadAllBytes(path);
        int idat = Encoding.ASCII.GetString(bytes).IndexOf("IDAT", StringComparison.Ordinal);
        for (int i = idat + 10; i < idat + 40; i++) bytes[i] ^= 0x55;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => ImageCodec.LoadGray(path));
        Assert.StartsWith($"{path}: cannot be decoded: ", ex.Message);
        Assert.DoesNotContain("Error", ex.Message);
        Assert.DoesNotContain("Input", ex.Message);
    }

    [Fact]
    public void DirectoriesDevicesAndFifosAreRefusedWithoutBlocking()
    {
        using var tmp = new TempDir();
        Assert.Contains("is a directory", Assert.Throws<InvalidDataException>(() => ImageCodec.LoadGray(tmp.Path)).Message);
        if (File.Exists("/dev/zero"))
            Assert.Contains("is empty or is not a regular file", Assert.Throws<InvalidDataException>(() => ImageCodec.LoadGray("/dev/zero")).Message);
        if (!OperatingSystem.IsLinux()) return;
        string fifo = tmp.Combine("photo.png");
        SpecialFiles.MakeFifo(fifo);
        var thread = new Thread(() => Assert.Throws<InvalidDataException>(() => ImageCodec.LoadGray(fifo))) { IsBackground = true };
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(20)))
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
            Assert.Fail("loading a FIFO blocked");
        }
    }

    private static InvalidDataException AssertRefusedAllocatingLittle(string path)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InvalidDataException>(() => ImageCodec.LoadGray(path));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 256 << 10);
        return ex;
    }

    /// <summary>
    /// A valid-looking 8-bit gray PNG whose header claims <paramref name="width"/> × <paramref name="height"/> but
    /// whose data holds one row of one pixel: some 70 bytes.
    /// </summary>
    internal static byte[] PngClaiming(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth; colour type 0 (gray), compression, filter and interlace 0
        using var zlib = new MemoryStream();
        using (var z = new ZLibStream(zlib, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write([0, 0]);
        return [0x89, .. "PNG\r\n\x1A\n"u8, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", zlib.ToArray()), .. Chunk("IEND", [])];
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        typed.CopyTo(chunk, 4);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32Reference.Compute(typed));
        return chunk;
    }

    /// <summary>The offset of the first JPEG marker FF <paramref name="code"/>.</summary>
    internal static int FindMarker(byte[] jpeg, byte code)
    {
        for (int i = 2; i + 1 < jpeg.Length; i++)
            if (jpeg[i] == 0xFF && jpeg[i + 1] == code) return i;
        throw new InvalidOperationException($"no FF {code:X2} marker");
    }

    /// <summary>Writes an n × 1 colour image (RGBA, unpremultiplied) with SkiaSharp.</summary>
    internal static void WriteColourImage(string path, (byte R, byte G, byte B, byte A)[] colours, SKEncodedImageFormat format, int width = 0)
    {
        if (width == 0) width = colours.Length == 64 ? 8 : colours.Length;
        int height = colours.Length / width;
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int i = 0; i < colours.Length; i++)
        {
            var c = colours[i];
            bitmap.SetPixel(i % width, i / width, new SKColor(c.R, c.G, c.B, c.A));
        }
        using var data = bitmap.Encode(format, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
