namespace Nnfs.Kernels;

/// <summary>
/// The plain loop of the exact path: operands widened to double, each dot product accumulated in double in index
/// order <c>p = 0, 1, …, k−1</c> starting from +0, rounded once to float32. The yardstick <see cref="MatMulExact"/> is
/// tested against, bit for bit.
/// </summary>
/// <remarks>Layout as in <see cref="MatMulReference"/>. <c>C[i,j] = (float)(((0 + A[i,0]·B[0,j]) + A[i,1]·B[1,j]) + …)</c>
/// with every product and sum in double.</remarks>
internal static class MatMulExactReference
{
    public static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double)(transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = (float)s;
            }
    }
}
