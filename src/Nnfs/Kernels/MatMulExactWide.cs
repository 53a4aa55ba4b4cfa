using System.Numerics;
using System.Runtime.InteropServices;
using Nnfs.Tensors;

namespace Nnfs.Kernels;

/// <summary>
/// The exact path's matrix product when an operand holds float64 values (<see cref="Matrix.IsFloat64"/>): the book's
/// patched <c>np.dot</c> widens both operands to float64, so a float64 operand enters with all its bits.
/// </summary>
/// <remarks>
/// <para><c>C[i,j] = (float)(fma(A[i,k−1], B[k−1,j], … fma(A[i,1], B[1,j], fma(A[i,0], B[0,j], 0))))</c>: a float32
/// operand widened exactly, each element accumulated in double in increasing k with fused multiply-adds, rounded
/// once to float32; with a bias, <c>+ bias[j]</c> follows in float32. Unlike a product of two floats, a product with
/// a float64 factor is not exact in double, so the order and the fusing matter in the last double bit; NumPy's BLAS
/// (FMA, its own order) can differ there, which changes the float32 result only in double-rounding ties
/// (docs/numerics.md, "float64 arrays").</para>
/// <para>op(B) is first copied, widened, to a k×n double array so that the inner loop runs along a row of it and
/// along a row of accumulators, a vector at a time. Single-threaded: the float64 products of the book are small
/// (at most 3,000 rows by 512).</para>
/// </remarks>
internal static class MatMulExactWide
{
    [ThreadStatic] private static double[]? t_a;
    [ThreadStatic] private static double[]? t_b;
    [ThreadStatic] private static double[]? t_row;

    /// <summary>C = op(A)·op(B) (+ bias), C m×n, op(A) m×k, op(B) k×n, stored as <see cref="MatMul"/> describes.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, Matrix a, Matrix b, ReadOnlySpan<float> bias, Matrix c)
    {
        var wideA = a.IsFloat64 ? a.Float64 : Widen(a.Span, ref t_a);
        var wideB = Scratch(ref t_b, k * n);
        if (b.IsFloat64) Arrange(b.Float64, transB, k, n, wideB);
        else Arrange(b.Span, transB, k, n, wideB);
        var row = Scratch(ref t_row, n);
        var vRow = MemoryMarshal.Cast<double, Vector<double>>(row);
        var output = c.Span;
        for (int i = 0; i < m; i++)
        {
            row.Clear();
            for (int p = 0; p < k; p++)
            {
                double x = transA ? wideA[p * m + i] : wideA[i * k + p];
                var bRow = wideB.Slice(p * n, n);
                var vB = MemoryMarshal.Cast<double, Vector<double>>(bRow);
                var vX = new Vector<double>(x);
                for (int v = 0; v < vRow.Length; v++) vRow[v] = Vector.FusedMultiplyAdd(vX, vB[v], vRow[v]);
                for (int j = vRow.Length * Vector<double>.Count; j < n; j++) row[j] = Math.FusedMultiplyAdd(x, bRow[j], row[j]);
            }
            var outRow = output.Slice(i * n, n);
            if (bias.IsEmpty)
                for (int j = 0; j < n; j++) outRow[j] = (float)row[j];
            else
                for (int j = 0; j < n; j++) outRow[j] = (float)row[j] + bias[j];
        }
    }

    private static Span<double> Scratch(ref double[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new double[length];
        return buffer.AsSpan(0, length);
    }

    private static ReadOnlySpan<double> Widen(ReadOnlySpan<float> values, ref double[]? buffer)
    {
        var wide = Scratch(ref buffer, values.Length);
        for (int i = 0; i < values.Length; i++) wide[i] = values[i];
        return wide;
    }

    // op(B) as a k×n row-major double array: B itself, or B (n×k) transposed.
    private static void Arrange<T>(ReadOnlySpan<T> b, bool transB, int k, int n, Span<double> destination) where T : IBinaryFloatingPointIeee754<T>
    {
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++)
                destination[p * n + j] = double.CreateTruncating(transB ? b[j * k + p] : b[p * n + j]);
    }
}
