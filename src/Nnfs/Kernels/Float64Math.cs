using Nnfs.Tensors;

namespace Nnfs.Kernels;

/// <summary>
/// The exact path's steps on float64 arrays: where the book mixes a float64 array (a dropout mask, the sine data)
/// into float32 ones, NumPy computes in float64 and the result stays float64 until a matrix product or an in-place
/// update of a float32 array rounds it (docs/numerics.md, "float64 arrays").
/// </summary>
/// <remarks>Each method reads an operand's <see cref="Matrix.Float64"/> values when it has them and its float32
/// values (widened, exactly) otherwise, computes in double in NumPy's order, and leaves the destination float64 with
/// its float32 <see cref="Matrix.Span"/> holding the rounded values.</remarks>
internal static class Float64Math
{
    /// <summary>Element (i) of <paramref name="m"/> as NumPy holds it: its float64 value, or its float32 value.</summary>
    private static double At(Matrix m, ReadOnlySpan<double> wide, int i) => m.IsFloat64 ? wide[i] : m.Span[i];

    private static ReadOnlySpan<double> WideOrEmpty(Matrix m) => m.IsFloat64 ? m.Float64 : default;

    /// <summary><c>destination = a * b</c> element by element (<c>inputs * binary_mask</c>, <c>dvalues * binary_mask</c>),
    /// in double; <paramref name="destination"/> is reshaped to <paramref name="a"/>'s shape.</summary>
    public static void Multiply(Matrix a, Matrix b, Matrix destination)
    {
        a.RequireSameShape(b, "element-wise product");
        var wa = WideOrEmpty(a);
        var wb = WideOrEmpty(b);
        destination.Reshape(a.Rows, a.Columns);
        var d = destination.SetFloat64();
        for (int i = 0; i < d.Length; i++) d[i] = At(a, wa, i) * At(b, wb, i);
        destination.RoundFloat64();
    }

    /// <summary>The ReLU's backward on float64 <paramref name="dvalues"/>: a copy with zeros where the input is
    /// ≤ 0 (<c>dinputs = dvalues.copy(); dinputs[inputs &lt;= 0] = 0</c>).</summary>
    public static void Rectified(Matrix inputs, Matrix dvalues, Matrix dinputs)
    {
        var x = inputs.Span;
        var wx = WideOrEmpty(inputs);
        var d = dvalues.Float64;
        dinputs.Reshape(dvalues.Rows, dvalues.Columns);
        var o = dinputs.SetFloat64();
        for (int i = 0; i < o.Length; i++) o[i] = (inputs.IsFloat64 ? wx[i] : x[i]) <= 0 ? 0.0 : d[i];
        dinputs.RoundFloat64();
    }

    /// <summary>The ReLU's forward on float64 inputs: <c>np.maximum(0, inputs)</c>, float64.</summary>
    public static void Rectify(Matrix inputs, Matrix output)
    {
        var x = inputs.Float64;
        output.Reshape(inputs.Rows, inputs.Columns);
        var o = output.SetFloat64();
        for (int i = 0; i < o.Length; i++) o[i] = x[i] <= 0 ? 0.0 : x[i];
        output.RoundFloat64();
    }

    /// <summary>
    /// <c>np.sum(g, axis=0, keepdims=True)</c> of float64 gradients into <paramref name="sums"/> (1 × columns, made
    /// float64): each column added in row order from 0, or, for a single column (one contiguous run), NumPy's pairwise
    /// sum.
    /// </summary>
    public static void ColumnSums(Matrix g, Matrix sums)
    {
        var values = g.Float64;
        int columns = g.Columns;
        var s = sums.SetFloat64();
        if (columns == 1)
        {
            s[0] = NumPySum.Sum(values);
        }
        else
        {
            s[..columns].Clear();
            for (int r = 0; r < g.Rows; r++)
            {
                var row = values.Slice(r * columns, columns);
                for (int j = 0; j < columns; j++) s[j] += row[j];
            }
        }
        sums.RoundFloat64();
    }

    /// <summary>
    /// The bias regularization terms added to float64 bias gradients <paramref name="gradient"/>: the term itself is a
    /// float32 array (<c>λ₁·dL1</c> or <c>2λ₂·b</c>, a Python float times a float32 array), added in double.
    /// </summary>
    public static void AddRegularization(Matrix gradient, ReadOnlySpan<float> values, float l1, float l2)
    {
        var g = gradient.WritableFloat64;
        if (l1 > 0)
            for (int i = 0; i < g.Length; i++) g[i] += values[i] < 0 ? -l1 : l1;
        if (l2 > 0)
        {
            float twice = 2 * l2;
            for (int i = 0; i < g.Length; i++) g[i] += twice * values[i];
        }
        gradient.RoundFloat64();
    }
}
