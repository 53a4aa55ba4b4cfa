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
/// kernel's order), 64, 32 or 8 columns at a time, for wide outputs: A·B, Aᵀ·B, and A·Bᵀ with k &lt; 8 (Bᵀ copied to the stack, k·n floats);
/// for Aᵀ·B with n &lt; 8 it runs on <c>Cᵀ = Bᵀ·A</c> and stores transposed;</description></item>
/// <item><description>dot form, <c>C[i,j] = Σ_p A[i,p]·B[j,p]</c> in 8-lane partial sums (blocks of 2 rows × 4 columns), for A·Bᵀ with k ≥ 8 and
/// for A·B with n &lt; 8 (B copied to the stack as Bᵀ).</description></item>
/// </list>
/// Always one thread, so results cannot depend on <see cref="Engine.Threads"/>. A bias is added after the
/// dot product, as in the packed kernel.
/// </remarks>
[SkipLocalsInit]
internal static unsafe class MatMulSmall
{
    /// <summary>Most multiply-adds (m·n·k) a product may have to take this path (default 2¹⁷); 0 disables it (a tuning knob for the benchmarks).</summary>
    internal static long Threshold
    {
        get => s_threshold;
        set => s_threshold = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    private static long s_threshold = 1L << 17;

    // Floats an operand copied to the stack may have (16 KB).
    private const int MaxStackFloats = 4096;

    /// <summary>
    /// A product takes the small path only if one of m, n, k is at most this: then the operand streamed once per
    /// output row (or per row pair) is read at most this often, and without that bound the packed kernel's
    /// register tiling wins (48×48×48: 3 µs packed, 12 µs here).
    /// </summary>
    internal const int MaxShortSide = 4;

    /// <summary>Whether a product of this size takes the small path.</summary>
    internal static bool Applies(int m, int n, int k) =>
        Math.Min(m, Math.Min(n, k)) <= MaxShortSide && (long)m * n * k <= s_threshold;

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
                for (; j + 64 <= cols; j += 64)
                {
                    var acc0 = Vector256<float>.Zero;
                    var acc1 = Vector256<float>.Zero;
                    var acc2 = Vector256<float>.Zero;
                    var acc3 = Vector256<float>.Zero;
                    var acc4 = Vector256<float>.Zero;
                    var acc5 = Vector256<float>.Zero;
                    var acc6 = Vector256<float>.Zero;
                    var acc7 = Vector256<float>.Zero;
                    float* vp = v + j;
                    for (int p = 0; p < k; p++, vp += ldv)
                    {
                        var x = Vector256.Create(sr[p * sP]);
                        acc0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp), acc0);
                        acc1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp + 8), acc1);
                        acc2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp + 16), acc2);
                        acc3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp + 24), acc3);
                        acc4 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp + 32), acc4);
                        acc5 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp + 40), acc5);
                        acc6 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp + 48), acc6);
                        acc7 = Vector256.FusedMultiplyAdd(x, Vector256.Load(vp + 56), acc7);
                    }
                    Store(acc0, cr, j, cCol, bias, biasOnRows, rowBias);
                    Store(acc1, cr, j + 8, cCol, bias, biasOnRows, rowBias);
                    Store(acc2, cr, j + 16, cCol, bias, biasOnRows, rowBias);
                    Store(acc3, cr, j + 24, cCol, bias, biasOnRows, rowBias);
                    Store(acc4, cr, j + 32, cCol, bias, biasOnRows, rowBias);
                    Store(acc5, cr, j + 40, cCol, bias, biasOnRows, rowBias);
                    Store(acc6, cr, j + 48, cCol, bias, biasOnRows, rowBias);
                    Store(acc7, cr, j + 56, cCol, bias, biasOnRows, rowBias);
                }
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

    /// <summary><c>C[i,j] = Σ_p a[i·lda + p]·b[j·ldb + p] (+ bias[j])</c>, C row-major m×n, in blocks of 2 rows × up to 4 columns.</summary>
    private static void DotForm(int m, int n, int k, float* a, nint lda, float* b, nint ldb, float* c, float* bias)
    {
        for (int i = 0; i < m; i += 2)
        {
            bool pair = i + 1 < m;
            float* a0 = a + i * lda;
            float* a1 = pair ? a0 + lda : a0;
            float* c0 = c + (nint)i * n;
            float* c1 = pair ? c0 + n : null;
            int j = 0;
            for (; j + 4 <= n; j += 4) DotBlock<K4>(k, a0, a1, b + j * ldb, ldb, c0 + j, c1 == null ? null : c1 + j, bias == null ? null : bias + j);
            float* bj = b + j * ldb, c0j = c0 + j, c1j = c1 == null ? null : c1 + j, biasj = bias == null ? null : bias + j;
            switch (n - j)
            {
                case 3: DotBlock<K3>(k, a0, a1, bj, ldb, c0j, c1j, biasj); break;
                case 2: DotBlock<K2>(k, a0, a1, bj, ldb, c0j, c1j, biasj); break;
                case 1: DotBlock<K1>(k, a0, a1, bj, ldb, c0j, c1j, biasj); break;
            }
        }
    }

    /// <summary>Dot products of rows a0, a1 with TCols rows of b; row 1 stored only when c1 is not null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotBlock<TCols>(int k, float* a0, float* a1, float* b, nint ldb, float* c0, float* c1, float* bias)
        where TCols : IKernelConstant
    {
        int cols = TCols.Value;
        float* b0 = b, b1 = cols > 1 ? b0 + ldb : b0, b2 = cols > 2 ? b0 + 2 * ldb : b0, b3 = cols > 3 ? b0 + 3 * ldb : b0;
        var s00 = Vector256<float>.Zero;
        var s01 = Vector256<float>.Zero;
        var s02 = Vector256<float>.Zero;
        var s03 = Vector256<float>.Zero;
        var s10 = Vector256<float>.Zero;
        var s11 = Vector256<float>.Zero;
        var s12 = Vector256<float>.Zero;
        var s13 = Vector256<float>.Zero;
        int p = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; p + 8 <= k; p += 8)
            {
                var x0 = Vector256.Load(a0 + p);
                var x1 = Vector256.Load(a1 + p);
                var y = Vector256.Load(b0 + p);
                s00 = Vector256.FusedMultiplyAdd(x0, y, s00);
                s10 = Vector256.FusedMultiplyAdd(x1, y, s10);
                if (cols > 1)
                {
                    y = Vector256.Load(b1 + p);
                    s01 = Vector256.FusedMultiplyAdd(x0, y, s01);
                    s11 = Vector256.FusedMultiplyAdd(x1, y, s11);
                }
                if (cols > 2)
                {
                    y = Vector256.Load(b2 + p);
                    s02 = Vector256.FusedMultiplyAdd(x0, y, s02);
                    s12 = Vector256.FusedMultiplyAdd(x1, y, s12);
                }
                if (cols > 3)
                {
                    y = Vector256.Load(b3 + p);
                    s03 = Vector256.FusedMultiplyAdd(x0, y, s03);
                    s13 = Vector256.FusedMultiplyAdd(x1, y, s13);
                }
            }
        float r00 = Vector256.Sum(s00), r01 = Vector256.Sum(s01), r02 = Vector256.Sum(s02), r03 = Vector256.Sum(s03);
        float r10 = Vector256.Sum(s10), r11 = Vector256.Sum(s11), r12 = Vector256.Sum(s12), r13 = Vector256.Sum(s13);
        for (; p < k; p++)
        {
            float x0 = a0[p], x1 = a1[p];
            r00 = MathF.FusedMultiplyAdd(x0, b0[p], r00);
            r10 = MathF.FusedMultiplyAdd(x1, b0[p], r10);
            if (cols > 1)
            {
                r01 = MathF.FusedMultiplyAdd(x0, b1[p], r01);
                r11 = MathF.FusedMultiplyAdd(x1, b1[p], r11);
            }
            if (cols > 2)
            {
                r02 = MathF.FusedMultiplyAdd(x0, b2[p], r02);
                r12 = MathF.FusedMultiplyAdd(x1, b2[p], r12);
            }
            if (cols > 3)
            {
                r03 = MathF.FusedMultiplyAdd(x0, b3[p], r03);
                r13 = MathF.FusedMultiplyAdd(x1, b3[p], r13);
            }
        }
        if (bias != null)
        {
            r00 += bias[0];
            r10 += bias[0];
            if (cols > 1) { r01 += bias[1]; r11 += bias[1]; }
            if (cols > 2) { r02 += bias[2]; r12 += bias[2]; }
            if (cols > 3) { r03 += bias[3]; r13 += bias[3]; }
        }
        c0[0] = r00;
        if (cols > 1) c0[1] = r01;
        if (cols > 2) c0[2] = r02;
        if (cols > 3) c0[3] = r03;
        if (c1 == null) return;
        c1[0] = r10;
        if (cols > 1) c1[1] = r11;
        if (cols > 2) c1[2] = r12;
        if (cols > 3) c1[3] = r13;
    }
}
