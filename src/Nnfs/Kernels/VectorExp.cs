using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// A small vectorised <c>exp</c> for the fast path's softmax: a vector of the current tier at a time
/// (<see cref="ILanes{TSelf}"/>), with Cody–Waite range reduction and Cephes' degree-5 polynomial.
/// </summary>
/// <remarks>
/// <para><c>n = round(x·log₂e)</c> (at most 127), <c>r = x − n·C₁ − n·C₂</c> (C₁ + C₂ = ln 2, C₁ exact in few
/// bits), <c>eʳ ≈ 1 + r + r²·P(r)</c>, result <c>eʳ·2ⁿ</c> built in the exponent bits. Relative error within a few
/// units in the last place (tested against double <c>Math.Exp</c> over the float range). Results below
/// <c>e^−87.34</c> (the smallest normal float) are 0; above <c>e^88.72</c>, +∞; NaN stays NaN. Every operation is
/// lane-wise, so every tier (the scalar one included) gives the same bits.</para>
/// <para>Why not <c>TensorPrimitives.Exp</c>: its generic code takes tens of milliseconds to compile on first use,
/// which a two-epoch training run or a 10,000-step spiral run pays in full; this method compiles in about one.</para>
/// </remarks>
internal static class VectorExp
{
    private const float Log2E = 1.44269504088896341f;
    private const float C1 = 0.693359375f;
    private const float C2 = -2.12194440e-4f;
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f;
    private const float P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    private const float MinX = -87.33654f;
    private const float MaxX = 88.72284f;

    /// <summary><c>destination[i] = exp(x[i])</c>; the spans may be the same.</summary>
    public static void Exp(ReadOnlySpan<float> x, Span<float> destination)
    {
        if (destination.Length < x.Length)
            throw new ArgumentException($"exp: destination of {destination.Length} values is shorter than the {x.Length} inputs.", nameof(destination));
        LaneMap.Apply<Function>(x, destination, 0f);
    }

    private readonly struct Function : ILaneFunction
    {
        public static TL Apply<TL>(TL x) where TL : unmanaged, ILanes<TL> => Exp(x);
    }

    /// <summary>The exp of each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TL Exp<TL>(TL x) where TL : unmanaged, ILanes<TL>
    {
        var clamped = TL.Min(TL.Max(x, TL.Create(MinX)), TL.Create(MaxX));
        var n = TL.Min(TL.Round(clamped * TL.Create(Log2E)), TL.Create(127f));
        var r = TL.MultiplyAdd(n, TL.Create(-C1), clamped);
        r = TL.MultiplyAdd(n, TL.Create(-C2), r);
        var p = TL.MultiplyAdd(TL.Create(P0), r, TL.Create(P1));
        p = TL.MultiplyAdd(p, r, TL.Create(P2));
        p = TL.MultiplyAdd(p, r, TL.Create(P3));
        p = TL.MultiplyAdd(p, r, TL.Create(P4));
        p = TL.MultiplyAdd(p, r, TL.Create(P5));
        var er = TL.MultiplyAdd(p, r * r, r) + TL.Create(1f);
        var y = er * TL.Pow2(n);
        y = TL.Select(TL.LessThan(x, TL.Create(MinX)), TL.Create(0f), y);
        y = TL.Select(TL.GreaterThan(x, TL.Create(MaxX)), TL.Create(float.PositiveInfinity), y);
        return TL.Select(TL.Equal(x, x), y, x);
    }
}
