using Nnfs.Tensors;

namespace Nnfs.Kernels;

/// <summary>
/// The three matrix products of forward and backward passes, computed without materialising transposes:
/// <c>A·B</c> (forward), <c>Aᵀ·B</c> (weight gradient) and <c>A·Bᵀ</c> (input gradient).
/// </summary>
/// <remarks>
/// Dispatches on <see cref="Engine.Path"/>: <see cref="NumericPath.Exact"/> accumulates each dot product in double
/// and rounds once to float32 (NumPy's <c>np.dot</c> under <c>nnfs.init()</c>), reading a float64 operand's
/// <see cref="Matrix.Float64"/> values (<see cref="MatMulExactWide"/>); <see cref="NumericPath.Fast"/> uses
/// the blocked SIMD kernel, split over output tiles across <see cref="Engine.Threads"/> threads, so results do not
/// depend on the thread count. The destination is reshaped to fit and overwritten.
/// </remarks>
public static class MatMul
{
    /// <summary><c>C = A·B</c> with A (m×k) and B (k×n); C becomes m×n.</summary>
    public static void Multiply(Matrix a, Matrix b, Matrix c)
    {
        Check(a, b, c);
        if (a.Columns != b.Rows)
            throw new ArgumentException($"Matrix product A·B: A is {a.Shape} and B is {b.Shape}; A's columns must equal B's rows.");
        c.Reshape(a.Rows, b.Columns);
        Dispatch(false, false, a.Rows, b.Columns, a.Columns, a, b, c);
    }

    /// <summary><c>C = Aᵀ·B</c> with A (k×m) and B (k×n); C becomes m×n.</summary>
    public static void MultiplyTransposeA(Matrix a, Matrix b, Matrix c)
    {
        Check(a, b, c);
        if (a.Rows != b.Rows)
            throw new ArgumentException($"Matrix product Aᵀ·B: A is {a.Shape} and B is {b.Shape}; their row counts must be equal.");
        c.Reshape(a.Columns, b.Columns);
        Dispatch(true, false, a.Columns, b.Columns, a.Rows, a, b, c);
    }

    /// <summary><c>C = A·Bᵀ</c> with A (m×k) and B (n×k); C becomes m×n.</summary>
    public static void MultiplyTransposeB(Matrix a, Matrix b, Matrix c)
    {
        Check(a, b, c);
        if (a.Columns != b.Columns)
            throw new ArgumentException($"Matrix product A·Bᵀ: A is {a.Shape} and B is {b.Shape}; their column counts must be equal.");
        c.Reshape(a.Rows, b.Rows);
        Dispatch(false, true, a.Rows, b.Rows, a.Columns, a, b, c);
    }

    /// <summary>
    /// <c>C = A·B + bias</c> with A (m×k), B (k×n) and <paramref name="bias"/> a 1×n row added to every row of the
    /// product; C becomes m×n. The dense layer's forward pass <c>np.dot(inputs, weights) + biases</c>.
    /// </summary>
    /// <remarks>
    /// Each element is the float32 dot product first, then <c>+ bias[j]</c> in float32, as NumPy evaluates the
    /// expression: on <see cref="NumericPath.Exact"/> the dot product is accumulated in double and rounded once
    /// before the addition; on <see cref="NumericPath.Fast"/> the bias is added in the kernel's last store, so C is
    /// written once.
    /// </remarks>
    public static void MultiplyAddBias(Matrix a, Matrix b, Matrix bias, Matrix c)
    {
        Check(a, b, c);
        ArgumentNullException.ThrowIfNull(bias);
        if (a.Columns != b.Rows)
            throw new ArgumentException($"Matrix product A·B: A is {a.Shape} and B is {b.Shape}; A's columns must equal B's rows.");
        if (bias.Rows != 1 || bias.Columns != b.Columns)
            throw new ArgumentException($"Matrix product A·B + bias: B is {b.Shape} so the bias must be (1, {b.Columns}), but it is {bias.Shape}.");
        if (ReferenceEquals(c, bias))
            throw new ArgumentException("Matrix product: the destination must not be the bias.");
        c.Reshape(a.Rows, b.Columns);
        int m = a.Rows, n = b.Columns, k = a.Columns;
        if (Engine.Path == NumericPath.Exact)
        {
            if (a.IsFloat64 || b.IsFloat64) MatMulExactWide.Gemm(false, false, m, n, k, a, b, bias.Span, c);
            else MatMulExact.Gemm(false, false, m, n, k, a.Span, b.Span, bias.Span, c.Span, Engine.Threads);
        }
        else FastMultiplyAddBias(m, n, k, a.Span, b.Span, null, bias.Span, c.Span);
    }

    /// <summary>
    /// The fast path's <c>C = A·B + bias</c> on row-major spans (A m×k, B k×n), in the form <see cref="FastForm"/>
    /// names: the small kernel where it applies, else the packed kernel, reading <paramref name="packed"/> (B packed
    /// ahead from the same values, or null) instead of packing B. The same bits with or without it.
    /// </summary>
    internal static void FastMultiplyAddBias(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        PrepackedOperand? packed, ReadOnlySpan<float> bias, Span<float> c)
    {
        if (MatMulSmall.TryGemm(false, false, m, n, k, a, b, bias, c)) return;
        if (packed is null) MatMulFast.Gemm(false, false, m, n, k, a, b, bias, c, Engine.Threads);
        else MatMulFast.Gemm(m, n, k, a, b, packed, bias, c, Engine.Threads);
    }

    /// <summary>
    /// The loop form the fast path gives <c>A·B (+ bias)</c> of an m×k by k×n product: the small kernel
    /// (<see cref="MatMulSmall"/>), or the packed kernel's plan (panels or blocked) and orientation (C or Cᵀ). On
    /// the fast path a row's result depends on the other rows only through this form (the order in which k is summed
    /// follows it), so two row counts with the same form give every row the same bits.
    /// </summary>
    internal static int FastForm(int m, int n, int k)
    {
        if (MatMulSmall.Applies(m, n, k)) return 0;
        bool swap = MatMulFast.ShouldSwap(m, n);
        bool panels = MatMulFast.UsePanels(swap ? n : m, k);
        return 1 + (swap ? 1 : 0) + (panels ? 2 : 0);
    }

    private static void Dispatch(bool transA, bool transB, int m, int n, int k, Matrix a, Matrix b, Matrix c)
    {
        if (Engine.Path == NumericPath.Exact)
        {
            if (a.IsFloat64 || b.IsFloat64) MatMulExactWide.Gemm(transA, transB, m, n, k, a, b, default, c);
            else MatMulExact.Gemm(transA, transB, m, n, k, a.Span, b.Span, c.Span);
        }
        else if (!MatMulSmall.TryGemm(transA, transB, m, n, k, a.Span, b.Span, default, c.Span))
            MatMulFast.Gemm(transA, transB, m, n, k, a.Span, b.Span, c.Span, Engine.Threads);
    }

    private static void Check(Matrix a, Matrix b, Matrix c)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        if (ReferenceEquals(c, a) || ReferenceEquals(c, b))
            throw new ArgumentException("Matrix product: the destination must not be one of the operands.");
    }
}
