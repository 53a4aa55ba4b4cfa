namespace Nnfs.Kernels;

/// <summary>A lane-wise function, applied over a span by <see cref="LaneMap"/> in any tier's width.</summary>
internal interface ILaneFunction
{
    /// <summary>The function of each lane.</summary>
    static abstract TL Apply<TL>(TL x) where TL : unmanaged, ILanes<TL>;
}

/// <summary>Applies an <see cref="ILaneFunction"/> to every element of a span, a vector of the current tier
/// (<see cref="Engine.Tier"/>) at a time.</summary>
internal static class LaneMap
{
    /// <summary><c>destination[i] = f(x[i])</c>; the spans may be the same. The last partial vector is padded
    /// with <paramref name="pad"/>, a value the function maps to a finite result.</summary>
    public static void Apply<TFunction>(ReadOnlySpan<float> x, Span<float> destination, float pad)
        where TFunction : ILaneFunction
    {
        switch (Engine.Tier)
        {
            case IsaTier.Vector512: Apply<TFunction, Lanes512>(x, destination, pad); break;
            case IsaTier.Vector256: Apply<TFunction, Lanes256>(x, destination, pad); break;
            case IsaTier.Vector128: Apply<TFunction, Lanes128>(x, destination, pad); break;
            case IsaTier.Vector128Unfused: Apply<TFunction, Lanes128Unfused>(x, destination, pad); break;
            default: Apply<TFunction, Lanes1>(x, destination, pad); break;
        }
    }

    /// <summary>As above in the width of <typeparamref name="TL"/>.</summary>
    [HotLoop]
    [TierKernel]
    internal static unsafe void Apply<TFunction, TL>(ReadOnlySpan<float> x, Span<float> destination, float pad)
        where TFunction : ILaneFunction
        where TL : unmanaged, ILanes<TL>
    {
        // One call site of the function, which the JIT inlines (a polynomial of some size: exp's and log's took half
        // their first call's compile time twice when the tail had its own): the last partial vector goes through a
        // padded copy.
        float* tail = stackalloc float[TL.Count];
        fixed (float* px = x, pd = destination)
        {
            for (int i = 0; i < x.Length; i += TL.Count)
            {
                int left = x.Length - i;
                float* source = px + i, target = pd + i;
                if (left < TL.Count)
                {
                    for (int t = 0; t < TL.Count; t++) tail[t] = t < left ? source[t] : pad;
                    source = target = tail;
                }
                TL.Store(target, TFunction.Apply(TL.Load(source)));
                if (left < TL.Count)
                    for (int t = 0; t < left; t++) pd[i + t] = tail[t];
            }
        }
    }
}
