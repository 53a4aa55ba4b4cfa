using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Activations;

/// <summary>The softmax over each row, for class probabilities (the book's <c>Activation_Softmax</c>).</summary>
/// <remarks>
/// <para>Forward, per row: <c>e = exp(x − max(x))</c>, <c>s = e / Σe</c>. On the exact path the row sum follows NumPy
/// (left to right below 8 columns, pairwise from 8) and <c>exp</c> is NumPy's (glibc <c>expf</c>).</para>
/// <para>Backward, per sample: <c>dinputs = J · dvalues</c> with the Jacobian <c>J = diag(s) − s·sᵀ</c>. The exact path
/// builds J in float32 and accumulates the product in double as the book's wrapped <c>np.dot</c>; the fast path uses
/// the equivalent <c>s ⊙ (d − s·d)</c>. The fast forward uses a vectorised <c>exp</c> of a few ulp
/// (<see cref="VectorExp"/>) over the whole batch. When softmax feeds a categorical cross-entropy, prefer the fused
/// <see cref="Losses.SoftmaxCategoricalCrossEntropy"/>.</para>
/// <para>Predictions: the index of each row's largest value (first wins on ties) as an N×1 matrix.</para>
/// </remarks>
public sealed class Softmax : IOutputActivation, IDescribable
{
    private Matrix? _output;
    private Matrix? _dinputs;
    private Matrix? _predictions;

    /// <inheritdoc />
    public Matrix Output => _output ?? throw new InvalidOperationException("Softmax: Forward has not been called yet.");

    /// <inheritdoc />
    public Matrix DInputs => _dinputs ?? throw new InvalidOperationException("Softmax: Backward has not been called yet.");

    /// <summary>Row-wise softmax of <paramref name="inputs"/>. <paramref name="training"/> is ignored.</summary>
    /// <exception cref="ArgumentException">The inputs have no columns.</exception>
    public void Forward(Matrix inputs, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Columns == 0) ThrowNoColumns(inputs, nameof(inputs));
        Compute(inputs, Matrix.Ensure(ref _output, inputs.Rows, inputs.Columns));
    }

    /// <summary>The forward pass into <paramref name="output"/> (already shaped as the inputs, at least one column)
    /// on the current path: what <see cref="Forward"/> computes, for passes that keep their own buffers.</summary>
    internal static void Compute(Matrix inputs, Matrix output)
    {
        if (Engine.Path != NumericPath.Exact)
            FastForward(inputs, output);
        else
            ExactForward(inputs, output);
    }

    // The cold paths live in their own methods, so that a fast-path run never compiles them (start-up time).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNoColumns(Matrix values, string name) =>
        throw new ArgumentException($"Softmax: {name} of shape {values.Shape} have no columns.", name);

    // Scalar loops where TensorPrimitives.Max/Subtract/Divide would give the same values element by element (max
    // propagates NaN and ranks +0 above −0 as MathF.Max does; one IEEE subtraction or division per element): their
    // generic code took ~10 ms to compile on the first exact step, for rows that are short.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ExactForward(Matrix inputs, Matrix output)
    {
        for (int r = 0; r < inputs.Rows; r++)
        {
            var x = inputs.Row(r);
            var e = output.Row(r);
            float max = x[0];
            for (int i = 1; i < x.Length; i++) max = MathF.Max(max, x[i]);
            for (int i = 0; i < x.Length; i++) e[i] = x[i] - max;
            ElementMath.Exp(e, e);
            float sum = ElementMath.RowSum(e);
            for (int i = 0; i < e.Length; i++) e[i] /= sum;
        }
    }

    // The fast path: row maxima subtracted, one vectorised exp over the whole batch (not one call per short row),
    // then each row scaled by the reciprocal of its sum. Narrow rows walk the whole buffer with one running index
    // (no per-row slices).
    internal static void FastForward(Matrix inputs, Matrix output)
    {
        int columns = inputs.Columns;
        var x = inputs.Span;
        var e = output.Span;
        if (columns >= WideColumns)
        {
            FastForwardWide(x, columns, e);
            return;
        }
        e = e[..x.Length];
        if (columns == 3 && Avx2.IsSupported && IsaSelection.IsWide(Engine.Tier))
        {
            int done = ThreeColumnBlocks(x, e);
            x = x[done..];
            e = e[done..];
        }
        FastForwardNarrow(x, columns, e);
    }

    /// <summary>The fast path for rows narrower than <see cref="FastForward"/>'s wide form: the reference the
    /// three-column blocks are tested bit-identical against.</summary>
    internal static void FastForwardNarrow(ReadOnlySpan<float> x, int columns, Span<float> e)
    {
        for (int start = 0; start < x.Length; start += columns)
        {
            int end = start + columns;
            float max = x[start];
            for (int j = start + 1; j < end; j++) if (x[j] > max) max = x[j];
            for (int j = start; j < end; j++) e[j] = x[j] - max;
        }
        VectorExp.Exp(e, e);
        for (int start = 0; start < e.Length; start += columns)
        {
            int end = start + columns;
            float sum = 0;
            for (int j = start; j < end; j++) sum += e[j];
            float inverse = 1f / sum;
            for (int j = start; j < end; j++) e[j] *= inverse;
        }
    }

    /// <summary>Columns from which the fast forward pass takes its wide form (the same in every tier; its row sums
    /// are <see cref="ElementMath.FastSum(ReadOnlySpan{float})"/>'s, of the tier's width).</summary>
    private const int WideColumns = 32;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FastForwardWide(ReadOnlySpan<float> x, int columns, Span<float> e)
    {
        for (int start = 0; start < x.Length; start += columns)
            TensorPrimitives.Subtract(x.Slice(start, columns), TensorPrimitives.Max(x.Slice(start, columns)), e.Slice(start, columns));
        VectorExp.Exp(e, e);
        for (int start = 0; start < e.Length; start += columns)
        {
            var er = e.Slice(start, columns);
            TensorPrimitives.Multiply(er, 1f / ElementMath.FastSum(er), er);
        }
    }

    // Three classes (the spiral data), eight rows at a time: the rows' a, b and c columns gathered into three vectors,
    // then FastForwardNarrow's operations lane by lane (max by the same comparisons, VectorExp's exp, (a + b) + c,
    // one IEEE division, three products), so each row's results are the same bits. Returns the floats done.
    private static unsafe int ThreeColumnBlocks(ReadOnlySpan<float> x, Span<float> e)
    {
        int blocks = x.Length / 24;
        fixed (float* px = x, pe = e)
        {
            for (int i = 0; i < blocks; i++)
            {
                float* src = px + i * 24, dst = pe + i * 24;
                Deinterleave(Vector256.Load(src), Vector256.Load(src + 8), Vector256.Load(src + 16), out var a, out var b, out var c);
                var max = a;
                max = Vector256.ConditionalSelect(Vector256.GreaterThan(b, max), b, max);
                max = Vector256.ConditionalSelect(Vector256.GreaterThan(c, max), c, max);
                a = VectorExp.Exp(new Lanes256(a - max)).V;
                b = VectorExp.Exp(new Lanes256(b - max)).V;
                c = VectorExp.Exp(new Lanes256(c - max)).V;
                var inverse = Vector256<float>.One / (a + b + c);
                Interleave(a * inverse, b * inverse, c * inverse, dst);
            }
        }
        return blocks * 24;
    }

    // ElementMath.ArgMax for three columns, eight rows at a time (the same comparisons lane by lane: a later column
    // wins when it is greater, or NaN while the maximum so far is not). Returns the rows done.
    private static unsafe int ThreeColumnArgMax(ReadOnlySpan<float> values, Span<float> ids)
    {
        int blocks = ids.Length / 8;
        fixed (float* pv = values, pid = ids)
        {
            for (int i = 0; i < blocks; i++)
            {
                float* src = pv + i * 24;
                Deinterleave(Vector256.Load(src), Vector256.Load(src + 8), Vector256.Load(src + 16), out var a, out var b, out var c);
                var take = Wins(b, a);
                var best = Vector256.ConditionalSelect(take, Vector256<float>.One, Vector256<float>.Zero);
                var max = Vector256.ConditionalSelect(take, b, a);
                best = Vector256.ConditionalSelect(Wins(c, max), Vector256.Create(2f), best);
                Avx.Store(pid + i * 8, best);
            }
        }
        return blocks * 8;
    }

    // v > max, or v is NaN and max is not: ElementMath.ArgMax's test for a new maximum.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Wins(Vector256<float> v, Vector256<float> max) =>
        Vector256.GreaterThan(v, max) | Vector256.AndNot(Vector256.Equals(max, max), Vector256.Equals(v, v));

    // v0 v1 v2 hold 8 rows of 3 columns (a₀ b₀ c₀ a₁ …); out: the a, b and c of rows 0…7. Each blend picks every
    // third lane from one vector; the permutation then puts row r in lane r.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Deinterleave(Vector256<float> v0, Vector256<float> v1, Vector256<float> v2,
        out Vector256<float> a, out Vector256<float> b, out Vector256<float> c)
    {
        a = Avx2.PermuteVar8x32(Avx.Blend(Avx.Blend(v0, v1, 0b1001_0010), v2, 0b0010_0100), Vector256.Create(0, 3, 6, 1, 4, 7, 2, 5));
        b = Avx2.PermuteVar8x32(Avx.Blend(Avx.Blend(v0, v1, 0b0010_0100), v2, 0b0100_1001), Vector256.Create(1, 4, 7, 2, 5, 0, 3, 6));
        c = Avx2.PermuteVar8x32(Avx.Blend(Avx.Blend(v0, v1, 0b0100_1001), v2, 0b1001_0010), Vector256.Create(2, 5, 0, 3, 6, 1, 4, 7));
    }

    // The inverse of Deinterleave: rows 0…7 of columns a, b, c stored as 24 consecutive floats.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Interleave(Vector256<float> a, Vector256<float> b, Vector256<float> c, float* dst)
    {
        var ta = Avx2.PermuteVar8x32(a, Vector256.Create(0, 3, 6, 1, 4, 7, 2, 5));
        var tb = Avx2.PermuteVar8x32(b, Vector256.Create(5, 0, 3, 6, 1, 4, 7, 2));
        var tc = Avx2.PermuteVar8x32(c, Vector256.Create(2, 5, 0, 3, 6, 1, 4, 7));
        Avx.Store(dst, Avx.Blend(Avx.Blend(ta, tb, 0b1001_0010), tc, 0b0010_0100));
        Avx.Store(dst + 8, Avx.Blend(Avx.Blend(ta, tb, 0b0010_0100), tc, 0b0100_1001));
        Avx.Store(dst + 16, Avx.Blend(Avx.Blend(ta, tb, 0b0100_1001), tc, 0b1001_0010));
    }

    /// <summary><c>dinputs[i] = (diag(sᵢ) − sᵢ·sᵢᵀ) · dvalues[i]</c> for each sample i.</summary>
    /// <exception cref="ArgumentException"><paramref name="dvalues"/> does not have the shape of the output.</exception>
    public void Backward(Matrix dvalues)
    {
        ArgumentNullException.ThrowIfNull(dvalues);
        var output = Output;
        output.RequireSameShape(dvalues, "Softmax.Backward output vs dvalues");
        var dinputs = Matrix.Ensure(ref _dinputs, dvalues.Rows, dvalues.Columns);
        bool exact = Engine.Path == NumericPath.Exact;
        for (int r = 0; r < dvalues.Rows; r++)
        {
            var s = output.Row(r);
            var d = dvalues.Row(r);
            var dx = dinputs.Row(r);
            if (exact)
            {
                for (int j = 0; j < s.Length; j++)
                {
                    double sum = 0;
                    for (int k = 0; k < s.Length; k++)
                    {
                        float jacobian = (j == k ? s[j] : 0f) - (float)((double)s[j] * s[k]);
                        sum += (double)jacobian * d[k];
                    }
                    dx[j] = (float)sum;
                }
            }
            else
            {
                float dot = TensorPrimitives.Dot(s, d);
                TensorPrimitives.Subtract(d, dot, dx);
                TensorPrimitives.Multiply(dx, s, dx);
            }
        }
    }

    /// <summary>The class id of each row (<c>argmax</c>, first maximum wins) as an N×1 matrix, in a buffer owned by
    /// the activation.</summary>
    /// <exception cref="ArgumentException"><paramref name="outputs"/> has no columns.</exception>
    public Matrix Predictions(Matrix outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        int columns = outputs.Columns;
        if (columns == 0) ThrowNoColumns(outputs, nameof(outputs));
        var p = Matrix.Ensure(ref _predictions, outputs.Rows, 1);
        var values = outputs.Span;
        var ids = p.Span;
        int first = columns == 3 && Avx2.IsSupported && IsaSelection.IsWide(Engine.Tier) ? ThreeColumnArgMax(values, ids) : 0;
        // ElementMath.ArgMax's comparisons, inline, walking the buffer with one running index (no per-row slices).
        for (int r = first, start = first * columns; r < ids.Length; r++, start += columns)
        {
            int best = 0;
            float max = values[start];
            for (int j = 1; j < columns; j++)
            {
                float v = values[start + j];
                if (v > max || (float.IsNaN(v) && !float.IsNaN(max)))
                {
                    best = j;
                    max = v;
                }
            }
            ids[r] = best;
        }
        return p;
    }

    /// <summary>The kind <c>softmax</c>, without settings.</summary>
    public Description Describe() => new("softmax");
}
