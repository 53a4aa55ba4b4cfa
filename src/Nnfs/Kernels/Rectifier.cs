namespace Nnfs.Kernels;

/// <summary>The element-wise loops of the rectified linear unit: its forward <c>max(0, x)</c> and its backward mask,
/// in the current tier's width (<see cref="Engine.Tier"/>; every tier gives the same bits).</summary>
internal static class Rectifier
{
    /// <summary><c>output[i] = x[i] ≤ 0 ? +0 : x[i]</c>, vectorised: exactly <c>TensorPrimitives.Max(x, 0)</c>
    /// (NaN kept, −0 → +0) without its general NaN and signed-zero handling.</summary>
    public static void Rectify(ReadOnlySpan<float> x, Span<float> output) => Mask(x, x, output);

    /// <summary><c>dinputs[i] = x[i] ≤ 0 ? 0 : d[i]</c> (a NaN input passes the gradient, as the book's
    /// <c>dinputs[inputs &lt;= 0] = 0</c>), vectorised; identical to the scalar loop on both paths.</summary>
    public static void Mask(ReadOnlySpan<float> x, ReadOnlySpan<float> d, Span<float> dinputs)
    {
        switch (Engine.Tier)
        {
            case IsaTier.Vector512: Mask<Lanes512>(x, d, dinputs); break;
            case IsaTier.Vector256: Mask<Lanes256>(x, d, dinputs); break;
            case IsaTier.Vector128: Mask<Lanes128>(x, d, dinputs); break;
            case IsaTier.Vector128Unfused: Mask<Lanes128Unfused>(x, d, dinputs); break;
            default: Mask<Lanes1>(x, d, dinputs); break;
        }
    }

    /// <summary><see cref="Mask(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> in the width of
    /// <typeparamref name="TL"/>, over the first <c>d.Length</c> elements.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> or <paramref name="dinputs"/> is shorter than <paramref name="d"/>.</exception>
    [TierKernel]
    internal static unsafe void Mask<TL>(ReadOnlySpan<float> x, ReadOnlySpan<float> d, Span<float> dinputs)
        where TL : unmanaged, ILanes<TL>
    {
        if (x.Length < d.Length || dinputs.Length < d.Length)
            throw new ArgumentException($"ReLU: {d.Length} values but inputs of {x.Length} and room for {dinputs.Length}.");
        fixed (float* px = x, pd = d, po = dinputs)
        {
            var zero = TL.Create(0f);
            int i = 0;
            for (; i <= d.Length - TL.Count; i += TL.Count)
                TL.Store(po + i, TL.Select(TL.LessThanOrEqual(TL.Load(px + i), zero), zero, TL.Load(pd + i)));
            for (; i < d.Length; i++) po[i] = px[i] <= 0 ? 0f : pd[i];
        }
    }
}
