using Nnfs.Tensors;

namespace Nnfs.Kernels;

/// <summary>
/// The three matrix products of forward and backward passes, computed without materialising transposes:
/// <c>A·B</c> (forward), <c>Aᵀ·B</c> (weight gradient) and <c>A·Bᵀ</c> (input gradient).
/// </summary>
/// <remarks>
/// Dispatches on <see cref="Engine.Path"/>: <see cref="NumericPath.Exact"/> accumulates each dot product in double
/// and rounds once to float32 (NumPy's <c>np.dot</c> under <c>nnfs.init()</c>); <see cref="NumericPath.Fast"/> uses
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

    private static void Dispatch(bool transA, bool transB, int m, int n, int k, Matrix a, Matrix b, Matrix c)
    {
        if (Engine.Path == NumericPath.Exact)
            MatMulExact.Gemm(transA, transB, m, n, k, a.Buffer, b.Buffer, c.Buffer);
        else
            MatMulFast.Gemm(transA, transB, m, n, k, a.Buffer, b.Buffer, c.Buffer, Engine.Threads);
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
