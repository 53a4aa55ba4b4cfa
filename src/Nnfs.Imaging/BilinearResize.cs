namespace Nnfs.Imaging;

/// <summary>
/// Bilinear resizing of gray images, following OpenCV's <c>cv2.resize(img, size)</c> with the default
/// <c>INTER_LINEAR</c> (the book's chapter 22 preprocessing).
/// </summary>
/// <remarks>
/// Destination pixel (dx, dy) samples the source at <c>sx = (dx + 0.5) · srcW / dstW − 0.5</c> (and likewise for y),
/// blending the two nearest source pixels in each direction; positions outside the image are clamped to the edge.
/// There is no area averaging, so shrinking a large photo by a big factor looks only at the pixels near each sample.
/// The arithmetic copies OpenCV's 8-bit fixed-point path bit for bit (checked against OpenCV 4.6): weights rounded to
/// 1/2048 (<c>w₀ = round((1 − f) · 2048)</c>, <c>w₁ = round(f · 2048)</c>, f computed in float32); x positions are
/// clamped before the weights are computed, y positions only when the rows are fetched (so an edge row can be
/// blended with itself); a horizontal pass gives integers <c>h = w₀ · p₀ + w₁ · p₁</c>, and the vertical pass
/// computes <c>(((v₀ · (h₀ &gt;&gt; 4)) &gt;&gt; 16) + ((v₁ · (h₁ &gt;&gt; 4)) &gt;&gt; 16) + 2) &gt;&gt; 2</c>.
/// </remarks>
public static class BilinearResize
{
    private const int CoefficientBits = 11;
    private const int CoefficientScale = 1 << CoefficientBits;

    /// <summary>Resizes <paramref name="source"/> to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static GrayImage Resize(GrayImage source, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var (xOffsets, xWeights) = Coefficients(source.Width, width, clamp: true);
        var (yOffsets, yWeights) = Coefficients(source.Height, height, clamp: false);
        var src = source.Pixels;
        int sw = source.Width, lastRow = source.Height - 1;
        var row0 = new int[width];
        var row1 = new int[width];
        var result = new byte[width * height];
        for (int dy = 0; dy < height; dy++)
        {
            HorizontalPass(src.AsSpan(Math.Clamp(yOffsets[dy], 0, lastRow) * sw, sw), xOffsets, xWeights, row0);
            HorizontalPass(src.AsSpan(Math.Clamp(yOffsets[dy] + 1, 0, lastRow) * sw, sw), xOffsets, xWeights, row1);
            int b0 = yWeights[2 * dy], b1 = yWeights[2 * dy + 1];
            for (int dx = 0; dx < width; dx++)
            {
                int v = (((b0 * (row0[dx] >> 4)) >> 16) + ((b1 * (row1[dx] >> 4)) >> 16) + 2) >> 2;
                result[dy * width + dx] = (byte)Math.Clamp(v, 0, 255);
            }
        }
        return new GrayImage(width, height, result);
    }

    private static void HorizontalPass(ReadOnlySpan<byte> row, int[] offsets, short[] weights, int[] destination)
    {
        int last = row.Length - 1;
        for (int dx = 0; dx < destination.Length; dx++)
        {
            int sx = offsets[dx];
            destination[dx] = row[sx] * weights[2 * dx] + row[Math.Min(sx + 1, last)] * weights[2 * dx + 1];
        }
    }

    private static (int[] Offsets, short[] Weights) Coefficients(int sourceSize, int destinationSize, bool clamp)
    {
        double scale = (double)sourceSize / destinationSize;
        var offsets = new int[destinationSize];
        var weights = new short[2 * destinationSize];
        for (int d = 0; d < destinationSize; d++)
        {
            float f = (float)((d + 0.5) * scale - 0.5);
            int s = (int)MathF.Floor(f);
            f -= s;
            if (clamp && s < 0)
            {
                s = 0;
                f = 0;
            }
            if (clamp && s >= sourceSize - 1)
            {
                s = sourceSize - 1;
                f = 0;
            }
            offsets[d] = s;
            weights[2 * d] = (short)MathF.Round((1f - f) * CoefficientScale, MidpointRounding.ToEven);
            weights[2 * d + 1] = (short)MathF.Round(f * CoefficientScale, MidpointRounding.ToEven);
        }
        return (offsets, weights);
    }
}
