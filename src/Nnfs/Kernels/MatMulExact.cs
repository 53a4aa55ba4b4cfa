namespace Nnfs.Kernels;

/// <summary>
/// The book's <c>np.dot</c> under <c>nnfs.init()</c>: operands widened to double, each dot product accumulated in
/// double, the result rounded once to float32.
/// </summary>
/// <remarks>Layout as in <see cref="MatMulReference"/>. Any double summation order gives the same float32 result
/// except in rare rounding ties (NNFS-SPEC §1.1, §6).</remarks>
internal static class MatMulExact
{
    public static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c)
    {
        var row = new double[n];
        for (int i = 0; i < m; i++)
        {
            Array.Clear(row);
            for (int p = 0; p < k; p++)
            {
                double av = transA ? a[p * m + i] : a[i * k + p];
                if (transB)
                    for (int j = 0; j < n; j++) row[j] += av * b[j * k + p];
                else
                {
                    var bRow = b.Slice(p * n, n);
                    for (int j = 0; j < n; j++) row[j] += av * bRow[j];
                }
            }
            for (int j = 0; j < n; j++) c[i * n + j] = (float)row[j];
        }
    }
}
