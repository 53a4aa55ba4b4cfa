using Nnfs.Imaging;
using Nnfs.Tests.Datasets;
using SkiaSharp;

namespace Nnfs.Tests.Imaging;

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
