namespace Nnfs.Kernels;

/// <summary>
/// The float32 SIMD kernel: cache-blocked, register-tiled, FMA, split across threads over output tiles.
/// </summary>
/// <remarks>Layout as in <see cref="MatMulReference"/>. PLACEHOLDER: currently the reference loop.</remarks>
internal static class MatMulFast
{
    public static void Gemm(bool transA, bool transB, int m, int n, int k,
        float[] a, float[] b, float[] c, int threads)
    {
        _ = threads;
        MatMulReference.Gemm(transA, transB, m, n, k, a, b, c);
    }
}
