namespace Nnfs.Kernels;

/// <summary>
/// The plain triple loop, float32 accumulation in index order. The yardstick the fast kernels are tested against.
/// </summary>
/// <remarks>Row-major, leading dimensions equal to the logical widths: A is m×k (k×m when transposed), B is k×n
/// (n×k when transposed), C is m×n. <c>C[i,j] = Σ_p A[i,p]·B[p,j]</c>.</remarks>
internal static class MatMulReference
{
    public static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float s = 0f;
                for (int p = 0; p < k; p++)
                    s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
                c[i * n + j] = s;
            }
    }
}
