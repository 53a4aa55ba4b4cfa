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

    /// <summary>The float32 sum in eight interleaved partial sums (a vector), added up at the end.</summary>
    public static float FastSum(ReadOnlySpan<float> values)
    {
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(values);
        var acc = System.Numerics.Vector<float>.Zero;
        for (int i = 0; i < vectors.Length; i++) acc += vectors[i];
        float sum = System.Numerics.Vector.Sum(acc);
        for (int i = vectors.Length * System.Numerics.Vector<float>.Count; i < values.Length; i++) sum += values[i];
        return sum;
    }

    /// <summary><c>values[i] = −values[i]</c> (exact: only the sign bit changes).</summary>
    public static void Negate(Span<float> values)
    {
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(values);
        var sign = new System.Numerics.Vector<float>(-0f);
        for (int i = 0; i < vectors.Length; i++) vectors[i] ^= sign;
        for (int i = vectors.Length * System.Numerics.Vector<float>.Count; i < values.Length; i++) values[i] = -values[i];
    }

    // v − v is 0 for every finite v and NaN for ±∞ and NaN, so one vectorised pass decides for the whole batch.
    public static bool AllFinite(ReadOnlySpan<float> values)
    {
        var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, System.Numerics.Vector<float>>(values);
        var acc = System.Numerics.Vector<float>.Zero;
        for (int i = 0; i < vectors.Length; i++) acc += vectors[i] - vectors[i];
        if (!System.Numerics.Vector.EqualsAll(acc, System.Numerics.Vector<float>.Zero)) return false;
        for (int i = vectors.Length * System.Numerics.Vector<float>.Count; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return false;
        return true;
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
