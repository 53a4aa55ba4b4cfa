using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nnfs.Kernels;

/// <summary>
/// The float32 kernel for small products (the spiral's 300×2·2×64 and 300×64·64×3 and their gradients): no
/// packing, no threads, no allocation, so its cost is the arithmetic alone.
/// </summary>
/// <remarks>
/// Layout as in <see cref="MatMulReference"/>. Two loop forms, chosen so that the vectorised operand is contiguous
/// in memory:
/// <list type="bullet">
/// <item><description>row form, <c>C[i, j…j+7] = Σ_p s(i,p)·V[p, j…j+7]</c> with FMA in p order from 0 (the packed
/// kernel's order), for wide outputs: A·B, Aᵀ·B, and A·Bᵀ with k &lt; 8 (Bᵀ copied to the stack, k·n floats);
/// for Aᵀ·B with n &lt; 8 it runs on <c>Cᵀ = Bᵀ·A</c> and stores transposed;</description></item>
/// <item><description>dot form, <c>C[i,j] = Σ_p A[i,p]·B[j,p]</c> in 8-lane partial sums, for A·Bᵀ with k ≥ 8 and
/// for A·B with n &lt; 8 (B copied to the stack as Bᵀ).</description></item>
/// </list>
/// Always one thread, so results cannot depend on <see cref="Engine.Threads"/>. A bias is added after the
/// dot product, as in the packed kernel.
/// </remarks>
[SkipLocalsInit]
internal static unsafe class MatMulSmall
{
    /// <summary>Most multiply-adds (m·n·k) a product may have to take this path; 0 disables it (a tuning knob for the benchmarks).</summary>
    internal static long Threshold
    {
        get => s_threshold;
        set => s_threshold = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    private static long s_threshold = 1L << 17;

    // Floats an operand copied to the stack may have (16 KB).
    private const int MaxStackFloats = 4096;

    /// <summary>Whether a product of this size takes the small path.</summary>
    internal static bool Applies(int m, int n, int k) => (long)m * n * k <= s_threshold;

    /// <summary><c>C = op(A)·op(B) (+ bias on every row)</c>; shapes already checked, m, n, k ≥ 1.</summary>
    internal static void Gemm(bool transA, bool transB, int m, int n, int k, float* a, float* b, float* bias, float* c)
    {
        if (!transA && !transB)
        {
            if (n < 8 && n * k <= MaxStackFloats)
            {
                float* bt = stackalloc float[n * k];
                Transpose(b, k, n, bt);
                DotForm(m, n, k, a, k, bt, k, c, bias);
            }
            else
                RowForm(m, n, k, a, k, 1, b, n, c, n, 1, bias, false);
        }
        else if (transA && !transB)
        {
            if (n < 8 && m > n)
                RowForm(n, m, k, b, 1, n, a, m, c, 1, n, bias, true);
            else
                RowForm(m, n, k, a, 1, m, b, n, c, n, 1, bias, false);
        }
        else if (!transA && transB)
        {
            if (k < 8 && n >= 8 && n * k <= MaxStackFloats)
            {
                float* bt = stackalloc float[n * k];
                Transpose(b, n, k, bt);
                RowForm(m, n, k, a, k, 1, bt, n, c, n, 1, bias, false);
            }
            else
                DotForm(m, n, k, a, k, b, k, c, bias);
        }
        else
            RowForm(m, n, k, a, 1, m, b, 1, c, n, 1, bias, false, vStride: k);
    }

    /// <summary>dst (cols × rows) = srcᵀ for src rows × cols.</summary>
    private static void Transpose(float* src, int rows, int cols, float* dst)
    {
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < cols; q++) dst[q * rows + r] = src[r * cols + q];
    }

    /// <summary>
    /// <c>out[r, j] = Σ_p s[r·sRow + p·sP]·v[p·ldv + j·vStride]</c> for r &lt; rows, j &lt; cols, stored at
    /// <c>c[r·cRow + j·cCol]</c>, plus bias[r] (biasOnRows) or bias[j]. Vectorised over j when vStride = 1.
    /// </summary>
    private static void RowForm(int rows, int cols, int k, float* s, nint sRow, nint sP, float* v, nint ldv,
        float* c, nint cRow, nint cCol, float* bias, bool biasOnRows, nint vStride = 1)
    {
        for (int r = 0; r < rows; r++)
        {
            float* sr = s + r * sRow;
            float* cr = c + r * cRow;
            float rowBias = bias != null && biasOnRows ? bias[r] : 0f;
            int j = 0;
            if (vStride == 1 && Vector256.IsHardwareAccelerated)
            {
                for (; j + 32 <= cols; j += 32)
                {
                    var acc0 = Vector256<float>.Zero;
                    var acc1 = Vector256<float>.Zero;
                    var acc2 = Vector256<float>.Zero;
                    var acc3 = Vector256<float>.Zero;
                    float* vp = v + j;
                    for (int p = 0; p < k; p++, vp += ldv)
                    {
                        var x = Vector256.Create(sr[p * sP]);
                        acc0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp), acc0);
                        acc1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp + 8), acc1);
                        acc2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp + 16), acc2);
                        acc3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp + 24), acc3);
                    }
                    Store(acc0, cr, j, cCol, bias, biasOnRows, rowBias);
                    Store(acc1, cr, j + 8, cCol, bias, biasOnRows, rowBias);
                    Store(acc2, cr, j + 16, cCol, bias, biasOnRows, rowBias);
                    Store(acc3, cr, j + 24, cCol, bias, biasOnRows, rowBias);
                }
                for (; j + 8 <= cols; j += 8)
                {
                    var acc = Vector256<float>.Zero;
                    float* vp = v + j;
                    for (int p = 0; p < k; p++, vp += ldv)
                        acc = Vector256.FusedMultiplyAdd(Vector256.Create(sr[p * sP]), Vector256.Load(vp), acc);
                    Store(acc, cr, j, cCol, bias, biasOnRows, rowBias);
                }
            }
            for (; j < cols; j++)
            {
                float acc = 0f;
                float* vp = v + j * vStride;
                for (int p = 0; p < k; p++, vp += ldv) acc = MathF.FusedMultiplyAdd(sr[p * sP], *vp, acc);
                if (bias != null) acc += biasOnRows ? rowBias : bias[j];
                cr[j * cCol] = acc;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> acc, float* cr, int j, nint cCol, float* bias, bool biasOnRows, float rowBias)
    {
        if (bias != null) acc += biasOnRows ? Vector256.Create(rowBias) : Vector256.Load(bias + j);
        if (cCol == 1)
        {
            Vector256.Store(acc, cr + j);
            return;
        }
        float* d = cr + j * cCol;
        for (int t = 0; t < 8; t++) d[t * cCol] = acc.GetElement(t);
    }

    /// <summary><c>C[i,j] = Σ_p a[i·lda + p]·b[j·ldb + p] (+ bias[j])</c>, C row-major m×n.</summary>
    private static void DotForm(int m, int n, int k, float* a, nint lda, float* b, nint ldb, float* c, float* bias)
    {
        for (int i = 0; i < m; i++)
        {
            float* ai = a + i * lda;
            float* ci = c + (nint)i * n;
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                float* b0 = b + j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                var acc0 = Vector256<float>.Zero;
                var acc1 = Vector256<float>.Zero;
                var acc2 = Vector256<float>.Zero;
                var acc3 = Vector256<float>.Zero;
                int p = 0;
                if (Vector256.IsHardwareAccelerated)
                    for (; p + 8 <= k; p += 8)
                    {
                        var x = Vector256.Load(ai + p);
                        acc0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b0 + p), acc0);
                        acc1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b1 + p), acc1);
                        acc2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b2 + p), acc2);
                        acc3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b3 + p), acc3);
                    }
                float s0 = Vector256.Sum(acc0), s1 = Vector256.Sum(acc1), s2 = Vector256.Sum(acc2), s3 = Vector256.Sum(acc3);
                for (; p < k; p++)
                {
                    float x = ai[p];
                    s0 = MathF.FusedMultiplyAdd(x, b0[p], s0);
                    s1 = MathF.FusedMultiplyAdd(x, b1[p], s1);
                    s2 = MathF.FusedMultiplyAdd(x, b2[p], s2);
                    s3 = MathF.FusedMultiplyAdd(x, b3[p], s3);
                }
                if (bias != null)
                {
                    s0 += bias[j];
                    s1 += bias[j + 1];
                    s2 += bias[j + 2];
                    s3 += bias[j + 3];
                }
                ci[j] = s0;
                ci[j + 1] = s1;
                ci[j + 2] = s2;
                ci[j + 3] = s3;
            }
            for (; j < n; j++)
            {
                float* bj = b + j * ldb;
                var acc = Vector256<float>.Zero;
                int p = 0;
                if (Vector256.IsHardwareAccelerated)
                    for (; p + 8 <= k; p += 8)
                        acc = Vector256.FusedMultiplyAdd(Vector256.Load(ai + p), Vector256.Load(bj + p), acc);
                float sum = Vector256.Sum(acc);
                for (; p < k; p++) sum = MathF.FusedMultiplyAdd(ai[p], bj[p], sum);
                if (bias != null) sum += bias[j];
                ci[j] = sum;
            }
        }
    }
}
