using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// A small vectorised natural logarithm for the fast path's losses: a vector of the current tier at a time
/// (<see cref="ILanes{TSelf}"/>), Cephes' <c>logf</c> reduction and polynomial.
/// </summary>
/// <remarks>
/// <para><c>x = m·2ᵉ</c> with <c>m ∈ [√½, √2)</c>, <c>f = m − 1</c>,
/// <c>log x = f − f²/2 + f³·P(f) + e·ln 2</c> (ln 2 split in two, C₁ exact in few bits). Relative error within a
/// few units in the last place (tested against double <c>Math.Log</c>). <c>log 0 = −∞</c>, <c>log(+∞) = +∞</c>,
/// negative inputs and NaN give NaN; subnormal inputs are scaled by 2²³ first. Every operation is lane-wise, so every
/// tier gives the same bits.</para>
/// <para>Why not <c>TensorPrimitives.Log</c>: the first call compiles tens of milliseconds of generic code (see
/// <see cref="VectorExp"/>).</para>
/// </remarks>
internal static class VectorLog
{
    private const float SqrtHalf = 0.707106781186547524f;
    private const float C1 = 0.693359375f;
    private const float C2 = -2.12194440e-4f;

    /// <summary><c>destination[i] = log(x[i])</c>; the spans may be the same.</summary>
    public static void Log(ReadOnlySpan<float> x, Span<float> destination)
    {
        if (destination.Length < x.Length)
            throw new ArgumentException($"log: destination of {destination.Length} values is shorter than the {x.Length} inputs.", nameof(destination));
        LaneMap.Apply<Function>(x, destination, 1f);
    }

    private readonly struct Function : ILaneFunction
    {
        public static TL Apply<TL>(TL x) where TL : unmanaged, ILanes<TL> => Log(x);
    }

    /// <summary>The natural logarithm of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TL Log<TL>(TL x) where TL : unmanaged, ILanes<TL>
    {
        var one = TL.Create(1f);
        var subnormal = TL.LessThan(x, TL.Create(1.17549435e-38f));
        var v = TL.Select(subnormal, x * TL.Create(8388608f), x);
        var e = TL.ExponentField(v) - TL.Create(126f);
        e = TL.Select(subnormal, e - TL.Create(23f), e);
        // m in [0.5, 1): the exponent bits of 0.5 with x's mantissa.
        var m = TL.MantissaOfHalf(v);
        var small = TL.LessThan(m, TL.Create(SqrtHalf));
        e = TL.Select(small, e - one, e);
        var f = TL.Select(small, m + m, m) - one;
        var z = f * f;
        var p = TL.MultiplyAdd(TL.Create(7.0376836292e-2f), f, TL.Create(-1.1514610310e-1f));
        p = TL.MultiplyAdd(p, f, TL.Create(1.1676998740e-1f));
        p = TL.MultiplyAdd(p, f, TL.Create(-1.2420140846e-1f));
        p = TL.MultiplyAdd(p, f, TL.Create(1.4249322787e-1f));
        p = TL.MultiplyAdd(p, f, TL.Create(-1.6668057665e-1f));
        p = TL.MultiplyAdd(p, f, TL.Create(2.0000714765e-1f));
        p = TL.MultiplyAdd(p, f, TL.Create(-2.4999993993e-1f));
        p = TL.MultiplyAdd(p, f, TL.Create(3.3333331174e-1f));
        var y = p * f * z;
        y = TL.MultiplyAdd(e, TL.Create(C2), y);
        y = TL.MultiplyAdd(z, TL.Create(-0.5f), y);
        var result = TL.MultiplyAdd(e, TL.Create(C1), f + y);
        result = TL.Select(TL.Equal(x, TL.Create(0f)), TL.Create(float.NegativeInfinity), result);
        result = TL.Select(TL.Equal(x, TL.Create(float.PositiveInfinity)), x, result);
        return TL.Select(TL.LessThan(x, TL.Create(0f)) | TL.Not(TL.Equal(x, x)), TL.Create(float.NaN), result);
    }
}
