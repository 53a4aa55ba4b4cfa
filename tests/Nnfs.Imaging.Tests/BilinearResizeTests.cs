using Nnfs.Imaging;

namespace Nnfs.Imaging.Tests;

public class BilinearResizeTests
{
    // Golden resize_linear.txt: "srcW srcH dstW dstH <pixels hex>" from cv2.resize(src, (dstW, dstH)) (INTER_LINEAR,
    // OpenCV 4.6), written by Golden/Datasets/make_data_golden.py; Source() builds the same image.
    [Fact]
    public void MatchesOpenCvExactly()
    {
        int cases = 0;
        foreach (var f in TestData.GoldenLines("resize_linear.txt").Select(l => l.Split(' ')))
        {
            int sw = int.Parse(f[0]), sh = int.Parse(f[1]), dw = int.Parse(f[2]), dh = int.Parse(f[3]);
            var expected = TestData.Hex(f[4]);
            var actual = BilinearResize.Resize(Source(sw, sh), dw, dh).Pixels;
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{sw}×{sh}→{dw}×{dh} differs from cv2.resize");
            cases++;
        }
        Assert.Equal(11, cases);
    }

    [Fact]
    public void SameSizeIsIdentity()
    {
        var src = Source(28, 28);
        Assert.Equal(src.Pixels, BilinearResize.Resize(src, 28, 28).Pixels);
    }

    [Fact]
    public void AgreesWithAPlainDoubleBilinearReference()
    {
        var src = Source(73, 41);
        var fast = BilinearResize.Resize(src, 28, 28);
        for (int dy = 0; dy < 28; dy++)
            for (int dx = 0; dx < 28; dx++)
            {
                double reference = Reference(src, dx, dy, 28, 28);
                Assert.True(Math.Abs(fast[dx, dy] - reference) <= 1.0, $"({dx}, {dy}): {fast[dx, dy]} vs {reference:F3}");
            }
    }

    [Fact]
    public void HalvingAveragesPairs()
    {
        // 4×2 → 2×1 samples at source x = 0.5, 2.5 and y = 0.5: the mean of each 2×2 block.
        var src = new GrayImage(4, 2, [0, 100, 200, 255, 50, 150, 10, 20]);
        var half = BilinearResize.Resize(src, 2, 1);
        Assert.Equal([75, 121], half.Pixels);
    }

    internal static GrayImage Source(int w, int h)
    {
        var p = new byte[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                p[y * w + x] = (byte)((x * 37 + y * 101 + (x * y % 17) * 13) % 256);
        return new GrayImage(w, h, p);
    }

    private static double Reference(GrayImage src, int dx, int dy, int dw, int dh)
    {
        static (int I0, int I1, double F) Axis(int d, int srcSize, int dstSize)
        {
            double s = (d + 0.5) * srcSize / dstSize - 0.5;
            s = Math.Clamp(s, 0, srcSize - 1);
            int i0 = (int)Math.Floor(s);
            return (i0, Math.Min(i0 + 1, srcSize - 1), s - i0);
        }
        var (x0, x1, fx) = Axis(dx, src.Width, dw);
        var (y0, y1, fy) = Axis(dy, src.Height, dh);
        double top = src[x0, y0] * (1 - fx) + src[x1, y0] * fx;
        double bottom = src[x0, y1] * (1 - fx) + src[x1, y1] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
