using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Datasets;

/// <summary>
/// The book's pixel scaling to [−1, 1]: <c>(x.astype(np.float32) - 127.5) / 127.5</c>.
/// </summary>
/// <remarks>
/// NumPy computes this in float32 (the Python float 127.5 is cast to float32 because it is a scalar): first
/// <c>x − 127.5f</c>, which is exact for a byte, then one correctly rounded division by 127.5f. A byte has only 256
/// values. The span overload does the same two IEEE operations on 8 or 16 floats at a time (vector subtraction and
/// division round exactly like scalar ones), so every path gives NumPy's bits. With AVX2 and FMA the vector path
/// replaces the division (several times slower than a multiplication) by <c>q = x·r</c>, <c>e = x − q·127.5</c>,
/// <c>q + e·r</c> with <c>r = 1/127.5f</c> (two fused multiply-adds: the remainder is exact and the correction
/// rounds once), which gives the correctly rounded quotient for every one of the 256 inputs; the test checks all
/// of them against NumPy's table.
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
        // Every form gives the table's values; the tier (Engine.Tier) only picks how many at a time.
        var tier = Engine.Tier;
        int done = IsaSelection.IsWide(tier) && Avx2.IsSupported && Fma.IsSupported ? ScaleAvx2(pixels, destination)
            : IsaSelection.HasVectors(tier) ? ScaleVector(pixels, destination) : 0;
        var table = Table;
        for (int i = done; i < pixels.Length; i++) destination[i] = table[pixels[i]];
    }

    // Eight bytes widened straight to eight int32 by one load (vpmovzxbd); the division as two FMAs (see remarks).
    // Returns how many pixels it scaled (a multiple of 8).
    internal static unsafe int ScaleAvx2(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        var offset = Vector256.Create(127.5f);
        var r = Vector256.Create(1f / 127.5f);
        int end = Math.Min(pixels.Length, destination.Length) & ~7;
        fixed (byte* source = &MemoryMarshal.GetReference(pixels))
        fixed (float* target = &MemoryMarshal.GetReference(destination))
        {
            for (int i = 0; i < end; i += 8)
            {
                var x = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(source + i)) - offset;
                var q = x * r;
                var e = Fma.MultiplyAddNegated(q, offset, x);
                Avx.Store(target + i, Fma.MultiplyAdd(e, r, q));
            }
        }
        return end;
    }

    // The portable path: 32 bytes widened in two steps, a vector subtraction and division. Returns how many pixels
    // it scaled (a multiple of 32, or 0 without hardware vectors).
    internal static int ScaleVector(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        if (!Vector256.IsHardwareAccelerated) return 0;
        var offset = Vector256.Create(127.5f);
        int i = 0;
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
        return i;
    }

    private static float[] BuildTable()
    {
        var t = new float[256];
        for (int x = 0; x < 256; x++) t[x] = Scale((byte)x);
        return t;
    }
}
