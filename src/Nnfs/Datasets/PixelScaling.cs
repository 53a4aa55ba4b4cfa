using System.Runtime.Intrinsics;

namespace Nnfs.Datasets;

/// <summary>
/// The book's pixel scaling to [−1, 1]: <c>(x.astype(np.float32) - 127.5) / 127.5</c>.
/// </summary>
/// <remarks>
/// NumPy computes this in float32 (the Python float 127.5 is cast to float32 because it is a scalar): first
/// <c>x − 127.5f</c>, which is exact for a byte, then one correctly rounded division by 127.5f. A byte has only 256
/// values. The span overload does the same two IEEE operations on 8 or 16 floats at a time (vector subtraction and
/// division round exactly like scalar ones), so every path gives NumPy's bits.
/// </remarks>
public static class PixelScaling
{
    private static readonly float[] Table = BuildTable();

    /// <summary>Scales one pixel: <c>(x − 127.5f) / 127.5f</c> in float32.</summary>
    public static float Scale(byte x) => (x - 127.5f) / 127.5f;

    /// <summary>Scales <paramref name="pixels"/> into <paramref name="destination"/> (same length).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Scale(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (pixels.Length != destination.Length)
            throw new ArgumentException($"{pixels.Length} pixels cannot be scaled into {destination.Length} values.", nameof(destination));
        int i = 0;
        if (Vector256.IsHardwareAccelerated && pixels.Length >= 32)
        {
            var offset = Vector256.Create(127.5f);
            for (; i <= pixels.Length - 32; i += 32)
            {
                var bytes = Vector256.Create(pixels.Slice(i, 32));
                var (lo16, hi16) = Vector256.Widen(bytes);
                var (a, b) = Vector256.Widen(lo16);
                var (c, d) = Vector256.Widen(hi16);
                var dest = destination.Slice(i, 32);
                ((Vector256.ConvertToSingle(a.AsInt32()) - offset) / offset).CopyTo(dest);
                ((Vector256.ConvertToSingle(b.AsInt32()) - offset) / offset).CopyTo(dest[8..]);
                ((Vector256.ConvertToSingle(c.AsInt32()) - offset) / offset).CopyTo(dest[16..]);
                ((Vector256.ConvertToSingle(d.AsInt32()) - offset) / offset).CopyTo(dest[24..]);
            }
        }
        var table = Table;
        for (; i < pixels.Length; i++) destination[i] = table[pixels[i]];
    }

    private static float[] BuildTable()
    {
        var t = new float[256];
        for (int x = 0; x < 256; x++) t[x] = Scale((byte)x);
        return t;
    }
}
