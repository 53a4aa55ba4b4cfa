using Nnfs.Imaging;

namespace Nnfs.Imaging.Tests;

public class GrayscaleTests
{
    [Fact]
    public void MatchesOpenCvCvtColorExactly()
    {
        // Golden rgb_to_gray.txt: cv2.cvtColor(RGB2GRAY) of r, g, b in range(0, 256, 15), r outermost.
        var expected = TestData.Hex(TestData.GoldenLines("rgb_to_gray.txt").Single());
        int i = 0;
        for (int r = 0; r < 256; r += 15)
            for (int g = 0; g < 256; g += 15)
                for (int b = 0; b < 256; b += 15)
                    Assert.Equal(expected[i++], Grayscale.FromRgb((byte)r, (byte)g, (byte)b));
        Assert.Equal(expected.Length, i);
    }

    [Fact]
    public void IsTheBt601LumaRounded()
    {
        for (int v = 0; v < 256; v += 5)
        {
            double luma = 0.299 * v + 0.587 * ((v * 3) % 256) + 0.114 * (255 - v);
            Assert.True(Math.Abs(Grayscale.FromRgb((byte)v, (byte)((v * 3) % 256), (byte)(255 - v)) - luma) <= 0.51);
        }
    }

    [Fact]
    public void RgbaConversionIgnoresAlpha()
    {
        byte[] rgba = [255, 0, 0, 0, 0, 255, 0, 255, 0, 0, 255, 128];
        var gray = new byte[3];
        Grayscale.FromRgba(rgba, gray);
        Assert.Equal([Grayscale.FromRgb(255, 0, 0), Grayscale.FromRgb(0, 255, 0), Grayscale.FromRgb(0, 0, 255)], gray);
        Assert.Throws<ArgumentException>(() => Grayscale.FromRgba(rgba, new byte[2]));
    }
}
