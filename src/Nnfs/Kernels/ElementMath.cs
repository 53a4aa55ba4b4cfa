using System.Numerics.Tensors;
using Nnfs.Tensors;

namespace Nnfs.Kernels;

/// <summary>
/// Element-wise <c>exp</c>/<c>log</c> and row helpers shared by activations, losses and metrics, dispatching on
/// <see cref="Engine.Path"/>.
/// </summary>
/// <remarks>
/// The exact path computes <c>exp</c> and <c>log</c> as NumPy's glibc <c>expf</c>/<c>logf</c> do
/// (<see cref="Kernels.LibM"/> reproduces them in managed code; neither is always correctly rounded); the fast
/// path uses the vectorised <see cref="VectorExp"/> and <see cref="VectorLog"/> (a few ulp) and a vectorised sum.
/// None of these helpers calls <see cref="TensorPrimitives"/>, whose generic code takes tens of milliseconds
/// to compile on first use (the fast softmax still does for rows of 32 or more columns, which neither the spiral nor
/// the Fashion-MNIST network has).
/// </remarks>
internal static class ElementMath
{
    public static void Exp(ReadOnlySpan<float> x, Span<float> destination)
    {
        if (Engine.Path == NumericPath.Exact)
            for (int i = 0; i < x.Length; i++) destination[i] = Kernels.LibM.Exp(x[i]);
        else
            VectorExp.Exp(x, destination);
    }

    public static void Log(ReadOnlySpan<float> x, Span<float> destination)
    {
        if (Engine.Path == NumericPath.Exact)
            for (int i = 0; i < x.Length; i++) destination[i] = Kernels.LibM.Log(x[i]);
        else
            VectorLog.Log(x, destination);
    }

    /// <summary>NumPy's <c>np.sum(row)</c> order on the exact path, a vectorised sum on the fast path.</summary>
    public static float RowSum(ReadOnlySpan<float> row) =>
        Engine.Path == NumericPath.Exact ? Kernels.NumPySum.Sum(row) : FastSum(row);

    /// <summary>NumPy's <c>np.mean</c> of a float32 vector on the exact path, sum/count on the fast path.</summary>
    public static float Mean(ReadOnlySpan<float> values) =>
        Engine.Path == NumericPath.Exact ? Kernels.NumPySum.Mean(values) : (float)((double)FastSum(values) / values.Length);

    /// <summary>The float32 sum in one vector of partial sums of the current tier (<see cref="Engine.Tier"/>; lane l
    /// adds elements l, l + w, l + 2w, … for width w), the lanes added up at the end, then the tail one by one. The
    /// result depends on the tier's width (one lane in the scalar tier: left to right).</summary>
    public static float FastSum(ReadOnlySpan<float> values) => Engine.Tier switch
    {
        IsaTier.Vector512 => FastSum<Lanes512>(values),
        IsaTier.Vector256 => FastSum<Lanes256>(values),
        IsaTier.Vector128 => FastSum<Lanes128>(values),
        IsaTier.Vector128Unfused => FastSum<Lanes128Unfused>(values),
        _ => FastSum<Lanes1>(values),
    };

    [TierKernel]
    internal static unsafe float FastSum<TL>(ReadOnlySpan<float> values) where TL : unmanaged, ILanes<TL>
    {
        fixed (float* p = values)
        {
            var acc = TL.Create(0f);
            int i = 0;
            for (; i <= values.Length - TL.Count; i += TL.Count) acc += TL.Load(p + i);
            float sum = TL.Sum(acc);
            for (; i < values.Length; i++) sum += p[i];
            return sum;
        }
    }

    /// <summary><c>values[i] = −values[i]</c> (exact: only the sign bit changes).</summary>
    public static void Negate(Span<float> values)
    {
        switch (Engine.Tier)
        {
            case IsaTier.Vector512: Negate<Lanes512>(values); break;
            case IsaTier.Vector256: Negate<Lanes256>(values); break;
            case IsaTier.Vector128: Negate<Lanes128>(values); break;
            case IsaTier.Vector128Unfused: Negate<Lanes128Unfused>(values); break;
            default: Negate<Lanes1>(values); break;
        }
    }

    [TierKernel]
    internal static unsafe void Negate<TL>(Span<float> values) where TL : unmanaged, ILanes<TL>
    {
        fixed (float* p = values)
        {
            var sign = TL.Create(-0f);
            int i = 0;
            for (; i <= values.Length - TL.Count; i += TL.Count) TL.Store(p + i, TL.Load(p + i) ^ sign);
            for (; i < values.Length; i++) p[i] = -p[i];
        }
    }

    /// <summary>Whether every value is finite.</summary>
    public static bool AllFinite(ReadOnlySpan<float> values) => Engine.Tier switch
    {
        IsaTier.Vector512 => AllFinite<Lanes512>(values),
        IsaTier.Vector256 => AllFinite<Lanes256>(values),
        IsaTier.Vector128 => AllFinite<Lanes128>(values),
        IsaTier.Vector128Unfused => AllFinite<Lanes128Unfused>(values),
        _ => AllFinite<Lanes1>(values),
    };

    // v − v is 0 for every finite v and NaN for ±∞ and NaN, so one vectorised pass decides for the whole batch: the
    // lanes of acc are 0 or NaN, and their sum is 0 exactly when all are (a sum, not EqualsAll, which crossgen2 leaves
    // to the JIT).
    [TierKernel]
    internal static unsafe bool AllFinite<TL>(ReadOnlySpan<float> values) where TL : unmanaged, ILanes<TL>
    {
        fixed (float* p = values)
        {
            var acc = TL.Create(0f);
            int i = 0;
            for (; i <= values.Length - TL.Count; i += TL.Count)
            {
                var v = TL.Load(p + i);
                acc += v - v;
            }
            if (TL.Sum(acc) != 0f) return false;
            for (; i < values.Length; i++)
                if (!float.IsFinite(p[i])) return false;
            return true;
        }
    }

    /// <summary>Index of the largest value; the first one wins on ties (<c>np.argmax</c>).</summary>
    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
            if (row[i] > row[best] || (float.IsNaN(row[i]) && !float.IsNaN(row[best]))) best = i;
        return best;
    }

    /// <summary>
    /// Throws naming a non-finite element (the first NaN, otherwise the first infinity), e.g.
    /// <c>"CategoricalCrossEntropy: prediction [3, 1] is NaN."</c>
    /// </summary>
    public static void RequireFinite(Matrix m, string who, string what)
    {
        if (!AllFinite(m.Span)) ThrowNotFinite(m, who, what);
    }

    // Its own method, so that the per-step check compiles small (start-up time).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowNotFinite(Matrix m, string who, string what)
    {
        var span = m.Span;
        int i = 0;
        while (i < span.Length && !float.IsNaN(span[i])) i++;
        if (i == span.Length)
            for (i = 0; float.IsFinite(span[i]); i++) { }
        float v = span[i];
        string kind = float.IsNaN(v) ? "NaN" : v > 0 ? "+infinity" : "-infinity";
        throw new ArgumentException($"{who}: {what} [{i / m.Columns}, {i % m.Columns}] is {kind}.");
    }
}
