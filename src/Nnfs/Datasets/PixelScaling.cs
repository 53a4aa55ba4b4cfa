namespace Nnfs.Datasets;

/// <summary>
/// The book's pixel scaling to [−1, 1]: <c>(x.astype(np.float32) - 127.5) / 127.5</c>.
/// </summary>
/// <remarks>
/// NumPy computes this in float32 (the Python float 127.5 is cast to float32 because it is a scalar): first
/// <c>x − 127.5f</c>, which is exact for a byte, then one correctly rounded division by 127.5f. A byte has only 256
/// values, so the results are taken from a table computed with exactly that arithmetic.
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
        var table = Table;
        for (int i = 0; i < pixels.Length; i++) destination[i] = table[pixels[i]];
    }

    private static float[] BuildTable()
    {
        var t = new float[256];
        for (int x = 0; x < 256; x++) t[x] = Scale((byte)x);
        return t;
    }
}
