using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
/// The shapes of a small network take tuned forms of the same arithmetic (<c>GemmTuned</c>):
/// k ≤ 4 with the row's k values broadcast once (A·B, A·Bᵀ), Aᵀ·B with a side ≤ 4 in one pass along k, and n ≤ 3
/// dot products four rows at a time with a joint reduction; every output is summed in the same order
/// as by the general forms, so the results are the same.
/// Always one thread, so results cannot depend on <see cref="Engine.Threads"/>. A bias is added after the
/// dot product, as in the packed kernel.
/// <para>Tiers (<see cref="Engine.Tier"/>): the loops are written once over <see cref="ILanes{TSelf}"/>. The row forms
/// and the fusions work lane by lane (each output one FMA chain), so their width changes no bit: the 512-bit tier
/// runs them with <see cref="Lanes512"/> where the vectorised columns are whole 16-float vectors (64 columns: one
/// 4-vector block) and with <see cref="Lanes256"/> otherwise, the 128-bit tiers with <see cref="Lanes128"/> and
/// <see cref="Lanes128Unfused"/> (whose unfused multiply-adds give bits of their own, the same in its every form). The dot
/// forms' 8-lane partial sums are one <see cref="Vector256{T}"/> in the 512- and 256-bit tiers and two
/// <see cref="Vector128{T}"/> (lanes 0–3 and 4–7) in the 128-bit tier, reduced in the same order, so every vector
/// tier gives the same bits. The scalar tier declines (the packed kernel runs).</para>
/// </remarks>
// The loops are [HotLoop] methods, as the packed kernel's driver: precompiled in the CLI (whence the vector loads
// and stores through the pointer), so that a short training run does not spend its first calls waiting for the JIT.
// The loop-free entry points (TryGemm, TryGemmRectified, TryDenseReLUBackward) start as quick tier-0 code, which
// costs less JIT time on the first step than full optimisation where they are not precompiled, and are recompiled in
// the background after 30 calls (after the runtime's 100 ms call-counting delay in other hosts; the nnfs CLI sets no
// delay).
[SkipLocalsInit]
internal static unsafe class MatMulSmall
{
    private readonly struct K8 : IKernelConstant { public static int Value => 8; }

    /// <summary>Most multiply-adds (m·n·k) a product may have to take this path: 2¹⁷.</summary>
    internal const long Threshold = 1L << 17;

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
        Math.Min(m, Math.Min(n, k)) <= MaxShortSide && (long)m * n * k <= Threshold;

    /// <summary>
    /// <c>C = op(A)·op(B) (+ bias)</c> on this path when the product qualifies (m, n, k ≥ 1 and
    /// <see cref="Applies"/>) and the tier (<see cref="Engine.Tier"/>) has vectors (the scalar tier runs every product
    /// in the packed kernel); false otherwise. Called by <see cref="MatMul"/> before the packed kernel, so that a
    /// network made only of small products never compiles the packed kernel's driver (start-up time).
    /// </summary>
    internal static bool TryGemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c)
    {
        if (!IsaSelection.HasVectors(Engine.Tier) || m < 1 || n < 1 || k < 1 || !Applies(m, n, k) || a.Length < (long)m * k || b.Length < (long)k * n
            || c.Length < (long)m * n || (!bias.IsEmpty && bias.Length < n))
            return false;
        fixed (float* pa = a, pb = b, pc = c, pbias = bias) Gemm(transA, transB, m, n, k, pa, pb, pbias, pc);
        return true;
    }

    /// <summary><c>C = op(A)·op(B) (+ bias on every row)</c> in the current tier (a vector one); shapes already
    /// checked, m, n, k ≥ 1.</summary>
    internal static void Gemm(bool transA, bool transB, int m, int n, int k, float* a, float* b, float* bias, float* c)
    {
        switch (Engine.Tier)
        {
            case IsaTier.Vector512: Gemm<Lanes512>(transA, transB, m, n, k, a, b, bias, c); break;
            case IsaTier.Vector128: Gemm<Lanes128>(transA, transB, m, n, k, a, b, bias, c); break;
            case IsaTier.Vector128Unfused: Gemm<Lanes128Unfused>(transA, transB, m, n, k, a, b, bias, c); break;
            default: Gemm<Lanes256>(transA, transB, m, n, k, a, b, bias, c); break;
        }
    }

    // The choice of form depends on the shape only (never on the tier): the forms differ in summation order.
    [TierKernel]
    private static void Gemm<TL>(bool transA, bool transB, int m, int n, int k, float* a, float* b, float* bias, float* c)
        where TL : unmanaged, ILanes<TL>
    {
        if (GemmTuned<TL>(transA, transB, m, n, k, a, b, bias, c)) return;
        if (!transA && !transB)
        {
            if (n < 8 && n * k <= MaxStackFloats)
            {
                float* bt = stackalloc float[n * k];
                Transpose(b, k, n, bt);
                DotForm<TL>(m, n, k, a, k, bt, k, c, bias);
            }
            else
                RowForm<TL>(m, n, k, a, k, 1, b, n, c, n, 1, bias, false);
        }
        else if (transA && !transB)
        {
            if (n < 8 && m > n)
                RowForm<TL>(n, m, k, b, 1, n, a, m, c, 1, n, bias, true);
            else
                RowForm<TL>(m, n, k, a, 1, m, b, n, c, n, 1, bias, false);
        }
        else if (!transA && transB)
        {
            if (k < 8 && n >= 8 && n * k <= MaxStackFloats)
            {
                float* bt = stackalloc float[n * k];
                Transpose(b, n, k, bt);
                RowForm<TL>(m, n, k, a, k, 1, bt, n, c, n, 1, bias, false);
            }
            else
                DotForm<TL>(m, n, k, a, k, b, k, c, bias);
        }
        else
            RowForm<TL>(m, n, k, a, 1, m, b, 1, c, n, 1, bias, false, vStride: k);
    }

    /// <summary>Whether a lane-wise form runs <typeparamref name="TL"/>'s width over <paramref name="cols"/> vectorised
    /// columns, rather than 256 bits: the 512-bit vectors only where the columns are whole vectors of them (a 16-float
    /// vector with half its columns done one by one is slower than two 8-float ones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Narrows<TL>(int cols) where TL : unmanaged, ILanes<TL> => TL.Count == 16 && cols % 16 != 0;

    /// <summary>
    /// The forms for the shapes of a small network (the spiral's 2→64→3 at batch 300): returns false when the
    /// shape is not one of them. Each output is summed in the same order as by the general forms above (FMA in p
    /// order from zero; for dot products, 8-lane partial sums reduced as <c>Sum8</c> does), so
    /// the results do not change, only the work around the arithmetic: the short operand held in registers, one
    /// pass over the long one, no per-element branches.
    /// </summary>
    [TierKernel]
    private static bool GemmTuned<TL>(bool transA, bool transB, int m, int n, int k, float* a, float* b, float* bias, float* c)
        where TL : unmanaged, ILanes<TL>
    {
        if (!transA && !transB)
        {
            if (k <= MaxShortSide && n >= 8)
            {
                Outer<TL>(m, n, k, a, b, n, c, bias);
                return true;
            }
            if (n <= 3 && n * k <= MaxStackFloats)
            {
                float* bt = stackalloc float[n * k];
                Transpose(b, k, n, bt);
                DotRows4<TL>(m, n, k, a, bt, c, bias);
                return true;
            }
        }
        else if (transA && !transB)
        {
            // C = Aᵀ·B, A k×m, B k×n: both are read row by row along k, once.
            if (m <= MaxShortSide && n >= 8)
            {
                SumOverK<TL>(m, n, k, a, m, b, n, c, n, 1);
                if (bias != null) AddBias(m, n, c, bias);
                return true;
            }
            if (n <= MaxShortSide && m >= 8)
            {
                SumOverK<TL>(n, m, k, b, n, a, m, c, 1, n);
                if (bias != null) AddBias(m, n, c, bias);
                return true;
            }
        }
        else if (!transA && transB)
        {
            if (k <= MaxShortSide && n >= 8 && n * k <= MaxStackFloats)
            {
                float* bt = stackalloc float[n * k];
                Transpose(b, n, k, bt);
                Outer<TL>(m, n, k, a, bt, n, c, bias);
                return true;
            }
            if (n <= 3)
            {
                DotRows4<TL>(m, n, k, a, b, c, bias);
                return true;
            }
        }
        return false;
    }

    /// <summary>C (m×n, row stride n) = A (m×k, row stride k) · B (k×n, row stride ldb) (+ bias[j]) for k ≤ 4:
    /// each row's k values broadcast once, then 32 columns at a time.</summary>
    /// <remarks>With <paramref name="rectified"/> not null, <c>max(0, C)</c> (as <see cref="Rectifier.Rectify"/>) is stored
    /// there too, in the same pass.</remarks>
    [TierKernel]
    private static void Outer<TL>(int m, int n, int k, float* a, float* b, nint ldb, float* c, float* bias, float* rectified = null)
        where TL : unmanaged, ILanes<TL>
    {
        if (Narrows<TL>(n))
        {
            Outer<Lanes256>(m, n, k, a, b, ldb, c, bias, rectified);
            return;
        }
        switch (k)
        {
            case 1: Outer<K1, TL>(m, n, a, b, ldb, c, bias, rectified); break;
            case 2: Outer<K2, TL>(m, n, a, b, ldb, c, bias, rectified); break;
            case 3: Outer<K3, TL>(m, n, a, b, ldb, c, bias, rectified); break;
            default: Outer<K4, TL>(m, n, a, b, ldb, c, bias, rectified); break;
        }
    }

    /// <summary>
    /// <c>C = A·B + bias</c> and <c>R = max(0, C)</c> in one pass (a Dense layer's output and the ReLU above it), for
    /// A m×k with k ≤ <see cref="MaxShortSide"/> and n ≥ 8: the form <see cref="MatMul.MultiplyAddBias"/> takes for
    /// these shapes, so C is bit-identical to it and R to <see cref="Rectifier.Rectify"/>(C). False, nothing written, in the
    /// scalar tier or when the shape is not covered.
    /// </summary>
    internal static bool TryGemmRectified(int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, Span<float> rectified)
    {
        if (!GemmRectifiedApplies(m, n, k) || a.Length < (long)m * k || b.Length < (long)k * n || bias.Length < n || c.Length < (long)m * n
            || rectified.Length < (long)m * n)
            return false;
        fixed (float* pa = a, pb = b, pbias = bias, pc = c, pr = rectified)
            switch (Engine.Tier)
            {
                case IsaTier.Vector512: Outer<Lanes512>(m, n, k, pa, pb, n, pc, pbias, pr); break;
                case IsaTier.Vector128: Outer<Lanes128>(m, n, k, pa, pb, n, pc, pbias, pr); break;
                case IsaTier.Vector128Unfused: Outer<Lanes128Unfused>(m, n, k, pa, pb, n, pc, pbias, pr); break;
                default: Outer<Lanes256>(m, n, k, pa, pb, n, pc, pbias, pr); break;
            }
        return true;
    }

    /// <summary>Whether <see cref="TryGemmRectified"/> covers an m×k by k×n product on this processor (it then
    /// runs, given buffers of these sizes).</summary>
    internal static bool GemmRectifiedApplies(int m, int n, int k) =>
        IsaSelection.HasVectors(Engine.Tier) && m >= 1 && k >= 1 && k <= MaxShortSide && n >= 8 && Applies(m, n, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TL Rectify<TL>(TL v) where TL : unmanaged, ILanes<TL>
    {
        var zero = TL.Create(0f);
        return TL.Select(TL.LessThanOrEqual(v, zero), zero, v);
    }

    [HotLoop]
    private static void Outer<TK, TL>(int m, int n, float* a, float* b, nint ldb, float* c, float* bias, float* rectified)
        where TK : IKernelConstant
        where TL : unmanaged, ILanes<TL>
    {
        int k = TK.Value, w = TL.Count;
        float* b1 = k > 1 ? b + ldb : b, b2 = k > 2 ? b + 2 * ldb : b, b3 = k > 3 ? b + 3 * ldb : b;
        for (int i = 0; i < m; i++)
        {
            float* ai = a + (nint)i * k;
            float* ci = c + (nint)i * n;
            float* ri = rectified == null ? null : rectified + (nint)i * n;
            var x0 = TL.Create(ai[0]);
            var x1 = k > 1 ? TL.Create(ai[1]) : default;
            var x2 = k > 2 ? TL.Create(ai[2]) : default;
            var x3 = k > 3 ? TL.Create(ai[3]) : default;
            nint j = 0;
            for (; j + 4 * w <= n; j += 4 * w)
            {
                nint j1 = j + w, j2 = j + 2 * w, j3 = j + 3 * w;
                var acc0 = OuterVector<TK, TL>(x0, x1, x2, x3, b + j, b1 + j, b2 + j, b3 + j);
                var acc1 = OuterVector<TK, TL>(x0, x1, x2, x3, b + j1, b1 + j1, b2 + j1, b3 + j1);
                var acc2 = OuterVector<TK, TL>(x0, x1, x2, x3, b + j2, b1 + j2, b2 + j2, b3 + j2);
                var acc3 = OuterVector<TK, TL>(x0, x1, x2, x3, b + j3, b1 + j3, b2 + j3, b3 + j3);
                if (bias != null)
                {
                    acc0 += TL.Load(bias + j);
                    acc1 += TL.Load(bias + j1);
                    acc2 += TL.Load(bias + j2);
                    acc3 += TL.Load(bias + j3);
                }
                TL.Store(ci + j, acc0);
                TL.Store(ci + j1, acc1);
                TL.Store(ci + j2, acc2);
                TL.Store(ci + j3, acc3);
                if (ri != null)
                {
                    TL.Store(ri + j, Rectify(acc0));
                    TL.Store(ri + j1, Rectify(acc1));
                    TL.Store(ri + j2, Rectify(acc2));
                    TL.Store(ri + j3, Rectify(acc3));
                }
            }
            for (; j + w <= n; j += w)
            {
                var acc = OuterVector<TK, TL>(x0, x1, x2, x3, b + j, b1 + j, b2 + j, b3 + j);
                if (bias != null) acc += TL.Load(bias + j);
                TL.Store(ci + j, acc);
                if (ri != null) TL.Store(ri + j, Rectify(acc));
            }
            for (; j < n; j++)
            {
                float acc = TL.MultiplyAdd(ai[0], b[j], 0f);
                if (k > 1) acc = TL.MultiplyAdd(ai[1], b1[j], acc);
                if (k > 2) acc = TL.MultiplyAdd(ai[2], b2[j], acc);
                if (k > 3) acc = TL.MultiplyAdd(ai[3], b3[j], acc);
                if (bias != null) acc += bias[j];
                ci[j] = acc;
                if (ri != null) ri[j] = acc <= 0 ? 0f : acc;
            }
        }
    }

    // One vector of columns of one output row before the bias: Σ_p x_p·B[p] (FMA from zero in p order), B's rows at b0…b3.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TL OuterVector<TK, TL>(TL x0, TL x1, TL x2, TL x3, float* b0, float* b1, float* b2, float* b3)
        where TK : IKernelConstant
        where TL : unmanaged, ILanes<TL>
    {
        int k = TK.Value;
        var acc = TL.MultiplyAdd(x0, TL.Load(b0), TL.Create(0f));
        if (k > 1) acc = TL.MultiplyAdd(x1, TL.Load(b1), acc);
        if (k > 2) acc = TL.MultiplyAdd(x2, TL.Load(b2), acc);
        if (k > 3) acc = TL.MultiplyAdd(x3, TL.Load(b3), acc);
        return acc;
    }

    /// <summary>
    /// <c>out[r, j] = Σ_p s[p·sStride + r] · v[p·ldv + j]</c> for r &lt; rows ≤ 4, j &lt; cols, stored at
    /// <c>c[r·cRow + j·cCol]</c>: Aᵀ·B with a short side, s and v both walked once along p.
    /// </summary>
    [TierKernel]
    private static void SumOverK<TL>(int rows, int cols, int k, float* s, nint sStride, float* v, nint ldv,
        float* c, nint cRow, nint cCol)
        where TL : unmanaged, ILanes<TL>
    {
        if (Narrows<TL>(cols))
        {
            SumOverK<Lanes256>(rows, cols, k, s, sStride, v, ldv, c, cRow, cCol);
            return;
        }
        switch (rows)
        {
            case 1: SumOverK<K1, K4, TL>(cols, k, s, sStride, v, ldv, c, cRow, cCol); break;
            case 2: SumOverK<K2, K4, TL>(cols, k, s, sStride, v, ldv, c, cRow, cCol); break;
            case 3: SumOverK<K3, K3, TL>(cols, k, s, sStride, v, ldv, c, cRow, cCol); break;
            default: SumOverK<K4, K2, TL>(cols, k, s, sStride, v, ldv, c, cRow, cCol); break;
        }
    }

    [HotLoop]
    private static void SumOverK<TRows, TWidth, TL>(int cols, int k, float* s, nint sStride, float* v, nint ldv,
        float* c, nint cRow, nint cCol)
        where TRows : IKernelConstant
        where TWidth : IKernelConstant
        where TL : unmanaged, ILanes<TL>
    {
        int rows = TRows.Value, w = TL.Count, tileRow = 4 * w;
        float* tile = stackalloc float[4 * 4 * 16];
        int j = 0;
        while (j + w <= cols)
        {
            int width;
            if (j + w * TWidth.Value <= cols)
            {
                SumOverKBlock<TRows, TWidth, TL>(k, s, sStride, v + j, ldv, tile);
                width = w * TWidth.Value;
            }
            else if (TWidth.Value > 2 && j + 2 * w <= cols)
            {
                // Two vectors left (the spiral's 64 = 24 + 24 + 16 at 8 lanes): one pass with both, not two
                // one-vector passes, each a chain of k dependent FMAs per sum.
                SumOverKBlock<TRows, K2, TL>(k, s, sStride, v + j, ldv, tile);
                width = 2 * w;
            }
            else
            {
                SumOverKBlock<TRows, K1, TL>(k, s, sStride, v + j, ldv, tile);
                width = w;
            }
            for (int r = 0; r < rows; r++)
                for (int t = 0; t < width; t++) c[r * cRow + (j + t) * cCol] = tile[r * tileRow + t];
            j += width;
        }
        for (; j < cols; j++)
            for (int r = 0; r < rows; r++)
            {
                float acc = 0f;
                float* sp = s + r, vp = v + j;
                for (int p = 0; p < k; p++, sp += sStride, vp += ldv) acc = TL.MultiplyAdd(*sp, *vp, acc);
                c[r * cRow + j * cCol] = acc;
            }
    }

    /// <summary>out[0…TRows, 0…w·TWidth) of <c>SumOverK</c> (w = <typeparamref name="TL"/>'s lanes), v offset to the
    /// block's first column, stored in <paramref name="tile"/> (row r at r·4w).</summary>
    [HotLoop]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SumOverKBlock<TRows, TWidth, TL>(int k, float* s, nint sStride, float* v, nint ldv, float* tile)
        where TRows : IKernelConstant
        where TWidth : IKernelConstant
        where TL : unmanaged, ILanes<TL>
    {
        int rows = TRows.Value, width = TWidth.Value, w = TL.Count;
        TL a00 = default, a01 = default, a02 = default, a03 = default;
        TL a10 = default, a11 = default, a12 = default, a13 = default;
        TL a20 = default, a21 = default, a22 = default, a23 = default;
        TL a30 = default, a31 = default, a32 = default, a33 = default;
        for (int p = 0; p < k; p++, s += sStride, v += ldv)
        {
            var y0 = TL.Load(v);
            var y1 = width > 1 ? TL.Load(v + w) : default;
            var y2 = width > 2 ? TL.Load(v + 2 * w) : default;
            var y3 = width > 3 ? TL.Load(v + 3 * w) : default;
            // Each row's sums updated here, not by a helper taking them by reference (see DenseReLUBackwardBlock).
            { var x = TL.Create(s[0]); a00 = TL.MultiplyAdd(x, y0, a00); if (width > 1) a01 = TL.MultiplyAdd(x, y1, a01); if (width > 2) a02 = TL.MultiplyAdd(x, y2, a02); if (width > 3) a03 = TL.MultiplyAdd(x, y3, a03); }
            if (rows > 1) { var x = TL.Create(s[1]); a10 = TL.MultiplyAdd(x, y0, a10); if (width > 1) a11 = TL.MultiplyAdd(x, y1, a11); if (width > 2) a12 = TL.MultiplyAdd(x, y2, a12); if (width > 3) a13 = TL.MultiplyAdd(x, y3, a13); }
            if (rows > 2) { var x = TL.Create(s[2]); a20 = TL.MultiplyAdd(x, y0, a20); if (width > 1) a21 = TL.MultiplyAdd(x, y1, a21); if (width > 2) a22 = TL.MultiplyAdd(x, y2, a22); if (width > 3) a23 = TL.MultiplyAdd(x, y3, a23); }
            if (rows > 3) { var x = TL.Create(s[3]); a30 = TL.MultiplyAdd(x, y0, a30); if (width > 1) a31 = TL.MultiplyAdd(x, y1, a31); if (width > 2) a32 = TL.MultiplyAdd(x, y2, a32); if (width > 3) a33 = TL.MultiplyAdd(x, y3, a33); }
        }
        StoreRow<TWidth, TL>(tile, a00, a01, a02, a03);
        if (rows > 1) StoreRow<TWidth, TL>(tile + 4 * w, a10, a11, a12, a13);
        if (rows > 2) StoreRow<TWidth, TL>(tile + 8 * w, a20, a21, a22, a23);
        if (rows > 3) StoreRow<TWidth, TL>(tile + 12 * w, a30, a31, a32, a33);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TWidth, TL>(float* row, TL a0, TL a1, TL a2, TL a3)
        where TWidth : IKernelConstant
        where TL : unmanaged, ILanes<TL>
    {
        int width = TWidth.Value, w = TL.Count;
        TL.Store(row, a0);
        if (width > 1) TL.Store(row + w, a1);
        if (width > 2) TL.Store(row + 2 * w, a2);
        if (width > 3) TL.Store(row + 3 * w, a3);
    }

    /// <summary>
    /// The backward pass through Dense(inputs → hidden) → ReLU → Dense(hidden → outputs) below the upper layer's
    /// parameter gradients, in one pass over the hidden activations: with G (rows×outputs) the upper layer's
    /// dvalues, W (hidden×outputs) its weights, Z (rows×hidden) the lower layer's output and X (rows×inputs) its
    /// inputs, it writes <c>D2 = G·Wᵀ</c> (the upper layer's dinputs), <c>D1 = D2 where Z &gt; 0, else 0</c> (the
    /// ReLU's dinputs), <c>dW1 = Xᵀ·D1</c> and <c>db1 = Σ_rows D1</c>. Returns false, having written nothing, unless
    /// the tier has vectors, hidden is a multiple of 8, inputs and outputs are at most
    /// <see cref="MaxShortSide"/>, and both products would take this path's tuned forms (<see cref="Applies"/>).
    /// </summary>
    /// <remarks>Each output is computed with the operations, in the order, of the unfused steps (D2 as
    /// <c>Outer</c>: FMA from zero in p order; D1 as <see cref="Rectifier.Mask(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>; dW1 as <c>SumOverK</c>: FMA from zero in row
    /// order; db1 as <see cref="ColumnSums.InRowOrder(ReadOnlySpan{float}, int, Span{float})"/>: additions from zero in row order), so the results are bit-identical;
    /// only the order in which elements are visited differs (a vector of columns down all rows at a time).</remarks>
    internal static bool TryDenseReLUBackward(int rows, int hidden, int inputs, int outputs,
        ReadOnlySpan<float> g, ReadOnlySpan<float> w, ReadOnlySpan<float> z, ReadOnlySpan<float> x,
        Span<float> d2, Span<float> d1, Span<float> dw1, Span<float> db1)
    {
        if (!DenseReLUBackwardApplies(rows, hidden, inputs, outputs)
            || g.Length < rows * outputs || w.Length < hidden * outputs || z.Length < rows * hidden || x.Length < rows * inputs
            || d2.Length < rows * hidden || d1.Length < rows * hidden || dw1.Length < inputs * hidden || db1.Length < hidden)
            return false;
        fixed (float* pg = g, pw = w, pz = z, px = x, pd2 = d2, pd1 = d1, pdw = dw1, pdb = db1)
        {
            float* wt = stackalloc float[hidden * outputs];
            Transpose(pw, hidden, outputs, wt);
            switch (Engine.Tier)
            {
                case IsaTier.Vector512: DenseReLUBackward<Lanes512>(rows, hidden, inputs, outputs, pg, wt, pz, px, pd2, pd1, pdw, pdb); break;
                case IsaTier.Vector128: DenseReLUBackward<Lanes128>(rows, hidden, inputs, outputs, pg, wt, pz, px, pd2, pd1, pdw, pdb); break;
                case IsaTier.Vector128Unfused: DenseReLUBackward<Lanes128Unfused>(rows, hidden, inputs, outputs, pg, wt, pz, px, pd2, pd1, pdw, pdb); break;
                default: DenseReLUBackward<Lanes256>(rows, hidden, inputs, outputs, pg, wt, pz, px, pd2, pd1, pdw, pdb); break;
            }
        }
        return true;
    }

    [TierKernel]
    private static void DenseReLUBackward<TL>(int rows, int hidden, int inputs, int outputs, float* g, float* wt, float* z, float* x,
        float* d2, float* d1, float* dw1, float* db1)
        where TL : unmanaged, ILanes<TL>
    {
        if (Narrows<TL>(hidden))
        {
            DenseReLUBackward<Lanes256>(rows, hidden, inputs, outputs, g, wt, z, x, d2, d1, dw1, db1);
            return;
        }
        switch (outputs)
        {
            case 1: DenseReLUBackward<K1, TL>(rows, hidden, inputs, g, wt, z, x, d2, d1, dw1, db1); break;
            case 2: DenseReLUBackward<K2, TL>(rows, hidden, inputs, g, wt, z, x, d2, d1, dw1, db1); break;
            case 3: DenseReLUBackward<K3, TL>(rows, hidden, inputs, g, wt, z, x, d2, d1, dw1, db1); break;
            default: DenseReLUBackward<K4, TL>(rows, hidden, inputs, g, wt, z, x, d2, d1, dw1, db1); break;
        }
    }

    /// <summary>Whether <see cref="TryDenseReLUBackward"/> covers these sizes on this processor (it then runs, given
    /// buffers of these sizes).</summary>
    internal static bool DenseReLUBackwardApplies(int rows, int hidden, int inputs, int outputs) =>
        IsaSelection.HasVectors(Engine.Tier) && rows >= 1 && hidden >= 8 && hidden % 8 == 0
        && inputs >= 1 && inputs <= MaxShortSide && outputs >= 1 && outputs <= MaxShortSide
        && hidden * outputs <= MaxStackFloats
        && Applies(rows, hidden, outputs) && Applies(inputs, hidden, rows);

    private static void DenseReLUBackward<TK, TL>(int rows, int hidden, int inputs, float* g, float* wt, float* z, float* x,
        float* d2, float* d1, float* dw1, float* db1)
        where TK : IKernelConstant
        where TL : unmanaged, ILanes<TL>
    {
        int j = 0, w = TL.Count;
        // One vector at a time in the unfused tier (the browser's interpreter keeps the twelve running sums of a
        // four-vector block in memory); the columns' sums are independent, so the bits are the same.
        if (typeof(TL) != typeof(Lanes128Unfused))
            for (; j + 4 * w <= hidden; j += 4 * w) DenseReLUBackwardBlock<TK, K4, TL>(rows, hidden, inputs, j, g, wt, z, x, d2, d1, dw1, db1);
        for (; j < hidden; j += w) DenseReLUBackwardBlock<TK, K1, TL>(rows, hidden, inputs, j, g, wt, z, x, d2, d1, dw1, db1);
    }

    // Columns j … j + w·TWidth down all rows: 3·TWidth independent running sums, since each one's additions must
    // stay in row order.
    [HotLoop]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DenseReLUBackwardBlock<TK, TWidth, TL>(int rows, int hidden, int inputs, int j, float* g, float* wt,
        float* z, float* x, float* d2, float* d1, float* dw1, float* db1)
        where TK : IKernelConstant
        where TWidth : IKernelConstant
        where TL : unmanaged, ILanes<TL>
    {
        int k = TK.Value, width = TWidth.Value, n = TL.Count;
        bool two = inputs > 1;
        float* w = wt + j;
        TL a0 = default, a1 = default, a2 = default, a3 = default;
        TL b0 = default, b1 = default, b2 = default, b3 = default;
        TL c0 = default, c1 = default, c2 = default, c3 = default;
        float* gr = g, xr = x;
        nint at = j;
        for (int r = 0; r < rows; r++, gr += k, xr += inputs, at += hidden)
        {
            var x0 = TL.Create(xr[0]);
            var x1 = two ? TL.Create(xr[1]) : default;
            // The running sums are updated here, not through references: the browser's interpreter keeps a local whose
            // address is taken in memory (the backward pass ran 2.7 times slower).
            var m0 = Step<TL>(k, gr, w, hidden, z + at, d2 + at, d1 + at);
            a0 = TL.MultiplyAdd(x0, m0, a0);
            if (two) b0 = TL.MultiplyAdd(x1, m0, b0);
            c0 += m0;
            if (width > 1)
            {
                var m1 = Step<TL>(k, gr, w + n, hidden, z + at + n, d2 + at + n, d1 + at + n);
                a1 = TL.MultiplyAdd(x0, m1, a1);
                if (two) b1 = TL.MultiplyAdd(x1, m1, b1);
                c1 += m1;
                var m2 = Step<TL>(k, gr, w + 2 * n, hidden, z + at + 2 * n, d2 + at + 2 * n, d1 + at + 2 * n);
                a2 = TL.MultiplyAdd(x0, m2, a2);
                if (two) b2 = TL.MultiplyAdd(x1, m2, b2);
                c2 += m2;
                var m3 = Step<TL>(k, gr, w + 3 * n, hidden, z + at + 3 * n, d2 + at + 3 * n, d1 + at + 3 * n);
                a3 = TL.MultiplyAdd(x0, m3, a3);
                if (two) b3 = TL.MultiplyAdd(x1, m3, b3);
                c3 += m3;
            }
        }
        TL.Store(dw1 + j, a0);
        TL.Store(db1 + j, c0);
        if (two) TL.Store(dw1 + hidden + j, b0);
        if (width > 1)
        {
            TL.Store(dw1 + j + n, a1);
            TL.Store(dw1 + j + 2 * n, a2);
            TL.Store(dw1 + j + 3 * n, a3);
            TL.Store(db1 + j + n, c1);
            TL.Store(db1 + j + 2 * n, c2);
            TL.Store(db1 + j + 3 * n, c3);
            if (two)
            {
                TL.Store(dw1 + hidden + j + n, b1);
                TL.Store(dw1 + hidden + j + 2 * n, b2);
                TL.Store(dw1 + hidden + j + 3 * n, b3);
            }
        }
        // Inputs 3 and 4 (rare): their dW rows in a second pass over the masked gradient just written.
        for (int p = 2; p < inputs; p++)
            for (int t = 0; t < n * width; t += n)
            {
                var acc = TL.Create(0f);
                float* xp = x + p;
                nint row = j + t;
                for (int r = 0; r < rows; r++, xp += inputs, row += hidden)
                    acc = TL.MultiplyAdd(TL.Create(*xp), TL.Load(d1 + row), acc);
                TL.Store(dw1 + p * hidden + j + t, acc);
            }
    }

    // One vector of the fused step: t = Σ_p g[p]·Wᵀ[p] (FMA from zero in p order), stored as D2, masked by z as D1
    // and returned (for the running sums of x₀·D1, x₁·D1 and D1).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TL Step<TL>(int k, float* gr, float* w, nint ws, float* z, float* d2, float* d1)
        where TL : unmanaged, ILanes<TL>
    {
        var t = TL.MultiplyAdd(TL.Create(gr[0]), TL.Load(w), TL.Create(0f));
        if (k > 1) t = TL.MultiplyAdd(TL.Create(gr[1]), TL.Load(w + ws), t);
        if (k > 2) t = TL.MultiplyAdd(TL.Create(gr[2]), TL.Load(w + 2 * ws), t);
        if (k > 3) t = TL.MultiplyAdd(TL.Create(gr[3]), TL.Load(w + 3 * ws), t);
        TL.Store(d2, t);
        // Rectifier.Mask's ConditionalSelect(z ≤ 0, 0, t): t with the lanes where z ≤ 0 cleared.
        var masked = TL.AndNot(t, TL.LessThanOrEqual(TL.Load(z), TL.Create(0f)));
        TL.Store(d1, masked);
        return masked;
    }

    /// <summary>C (m×n) += bias on every row.</summary>
    private static void AddBias(int m, int n, float* c, float* bias)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) c[(nint)i * n + j] += bias[j];
    }

    /// <summary>
    /// <c>C[i,j] = Σ_p A[i,p]·B[j,p] (+ bias[j])</c> for n ≤ 3, A m×k and B n×k row-major: four rows of A at a time,
    /// 8-lane partial sums, the four rows' sums of one column reduced together.
    /// </summary>
    [TierKernel]
    private static void DotRows4<TL>(int m, int n, int k, float* a, float* b, float* c, float* bias)
        where TL : unmanaged, ILanes<TL>
    {
        if (TL.Count == 16)
        {
            DotRows4<Lanes256>(m, n, k, a, b, c, bias);
            return;
        }
        switch (n)
        {
            case 1: DotRows4<K1, TL>(m, k, a, b, c, bias); break;
            case 2: DotRows4<K2, TL>(m, k, a, b, c, bias); break;
            default: DotRows4<K3, TL>(m, k, a, b, c, bias); break;
        }
    }

    // TL has 8 lanes (one vector of partial sums) or 4 (two: lanes 0–3 in s, 4–7 in h).
    [HotLoop]
    private static void DotRows4<TCols, TL>(int m, int k, float* a, float* b, float* c, float* bias)
        where TCols : IKernelConstant
        where TL : unmanaged, ILanes<TL>
    {
        int n = TCols.Value;
        bool halves = TL.Count == 4;
        float* b0 = b, b1 = n > 1 ? b + k : b, b2 = n > 2 ? b + 2 * k : b;
        int kVector = k & ~7;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            float* a0 = a + (nint)i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
            TL s00 = default, s10 = default, s20 = default, s30 = default;
            TL s01 = default, s11 = default, s21 = default, s31 = default;
            TL s02 = default, s12 = default, s22 = default, s32 = default;
            TL h00 = default, h10 = default, h20 = default, h30 = default;
            TL h01 = default, h11 = default, h21 = default, h31 = default;
            TL h02 = default, h12 = default, h22 = default, h32 = default;
            for (int p = 0; p < kVector; p += 8)
            {
                // Rows outer, columns inner: one row vector live at a time (12 sums + 3 + 1 = 16 registers at 8 lanes);
                // the sums updated here, not by a helper taking them by reference (see DenseReLUBackwardBlock).
                var y0 = TL.Load(b0 + p);
                var y1 = n > 1 ? TL.Load(b1 + p) : default;
                var y2 = n > 2 ? TL.Load(b2 + p) : default;
                { var x = TL.Load(a0 + p); s00 = TL.MultiplyAdd(x, y0, s00); if (n > 1) s01 = TL.MultiplyAdd(x, y1, s01); if (n > 2) s02 = TL.MultiplyAdd(x, y2, s02); }
                { var x = TL.Load(a1 + p); s10 = TL.MultiplyAdd(x, y0, s10); if (n > 1) s11 = TL.MultiplyAdd(x, y1, s11); if (n > 2) s12 = TL.MultiplyAdd(x, y2, s12); }
                { var x = TL.Load(a2 + p); s20 = TL.MultiplyAdd(x, y0, s20); if (n > 1) s21 = TL.MultiplyAdd(x, y1, s21); if (n > 2) s22 = TL.MultiplyAdd(x, y2, s22); }
                { var x = TL.Load(a3 + p); s30 = TL.MultiplyAdd(x, y0, s30); if (n > 1) s31 = TL.MultiplyAdd(x, y1, s31); if (n > 2) s32 = TL.MultiplyAdd(x, y2, s32); }
                if (halves)
                {
                    int q = p + 4;
                    y0 = TL.Load(b0 + q);
                    y1 = n > 1 ? TL.Load(b1 + q) : default;
                    y2 = n > 2 ? TL.Load(b2 + q) : default;
                    { var x = TL.Load(a0 + q); h00 = TL.MultiplyAdd(x, y0, h00); if (n > 1) h01 = TL.MultiplyAdd(x, y1, h01); if (n > 2) h02 = TL.MultiplyAdd(x, y2, h02); }
                    { var x = TL.Load(a1 + q); h10 = TL.MultiplyAdd(x, y0, h10); if (n > 1) h11 = TL.MultiplyAdd(x, y1, h11); if (n > 2) h12 = TL.MultiplyAdd(x, y2, h12); }
                    { var x = TL.Load(a2 + q); h20 = TL.MultiplyAdd(x, y0, h20); if (n > 1) h21 = TL.MultiplyAdd(x, y1, h21); if (n > 2) h22 = TL.MultiplyAdd(x, y2, h22); }
                    { var x = TL.Load(a3 + q); h30 = TL.MultiplyAdd(x, y0, h30); if (n > 1) h31 = TL.MultiplyAdd(x, y1, h31); if (n > 2) h32 = TL.MultiplyAdd(x, y2, h32); }
                }
            }
            var r0 = Reduce4(s00, h00, s10, h10, s20, h20, s30, h30);
            var r1 = n > 1 ? Reduce4(s01, h01, s11, h11, s21, h21, s31, h31) : default;
            var r2 = n > 2 ? Reduce4(s02, h02, s12, h12, s22, h22, s32, h32) : default;
            for (int p = kVector; p < k; p++)
            {
                var x = Vector128.Create(a0[p], a1[p], a2[p], a3[p]);
                r0 = MultiplyAdd4<TL>(x, Vector128.Create(b0[p]), r0);
                if (n > 1) r1 = MultiplyAdd4<TL>(x, Vector128.Create(b1[p]), r1);
                if (n > 2) r2 = MultiplyAdd4<TL>(x, Vector128.Create(b2[p]), r2);
            }
            if (bias != null)
            {
                r0 += Vector128.Create(bias[0]);
                if (n > 1) r1 += Vector128.Create(bias[1]);
                if (n > 2) r2 += Vector128.Create(bias[2]);
            }
            float* ci = c + (nint)i * n;
            StoreColumn(r0, ci, n);
            if (n > 1) StoreColumn(r1, ci + 1, n);
            if (n > 2) StoreColumn(r2, ci + 2, n);
        }
        if (i < m) DotForm<TL>(m - i, n, k, a + (nint)i * k, k, b, k, c + (nint)i * n, bias);
    }

    /// <summary><c>a·b + c</c> on four lanes in <typeparamref name="TL"/>'s form of multiply-add (the dot forms keep
    /// their four-row sums in one <see cref="Vector128{T}"/> whatever the tier's width).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MultiplyAdd4<TL>(Vector128<float> a, Vector128<float> b, Vector128<float> c) where TL : unmanaged, ILanes<TL> =>
        typeof(TL) == typeof(Lanes128Unfused) ? a * b + c : Vector128.FusedMultiplyAdd(a, b, c);

    /// <summary>The four lanes of r at c[0], c[stride], c[2·stride], c[3·stride] (one output column, four rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumn(Vector128<float> r, float* c, nint stride)
    {
        c[0] = r.GetElement(0);
        c[stride] = r.GetElement(1);
        c[2 * stride] = r.GetElement(2);
        c[3 * stride] = r.GetElement(3);
    }

    /// <summary>The sums (<see cref="Sum8"/>) of four 8-lane partial sums, each given as (low, high) halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Reduce4<TL>(TL l0, TL h0, TL l1, TL h1, TL l2, TL h2, TL l3, TL h3)
        where TL : unmanaged, ILanes<TL>
    {
        if (TL.Count == 8 && Avx.IsSupported)
        {
            // Horizontal adds: ((0+1)+(2+3)) + ((4+5)+(6+7)) for all four at once.
            var h = Avx.HorizontalAdd(Avx.HorizontalAdd(As256(l0), As256(l1)), Avx.HorizontalAdd(As256(l2), As256(l3)));
            return h.GetLower() + h.GetUpper();
        }
        return Vector128.Create(Sum8(l0, h0), Sum8(l1, h1), Sum8(l2, h2), Sum8(l3, h3));
    }

    /// <summary>
    /// The eight lanes of a dot form's partial sums added as <c>((0+1)+(2+3)) + ((4+5)+(6+7))</c>, the order of
    /// <see cref="Vector256.Sum{T}"/> with AVX: one 8-lane vector in <paramref name="low"/>, or lanes 0–3 there and
    /// 4–7 in <paramref name="high"/> when <typeparamref name="TL"/> has 4.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum8<TL>(TL low, TL high) where TL : unmanaged, ILanes<TL>
    {
        if (TL.Count == 8)
        {
            var v = As256(low);
            return Avx.IsSupported ? Vector256.Sum(v) : Sum4(v.GetLower()) + Sum4(v.GetUpper());
        }
        // Lanes128 or Lanes128Unfused: both are one Vector128<float>.
        return Sum4(Unsafe.As<TL, Lanes128>(ref low).V) + Sum4(Unsafe.As<TL, Lanes128>(ref high).V);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum4(Vector128<float> v) => (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> As256<TL>(TL v) where TL : unmanaged, ILanes<TL> => Unsafe.As<TL, Lanes256>(ref v).V;

    /// <summary>dst (cols × rows) = srcᵀ for src rows × cols.</summary>
    [HotLoop]
    private static void Transpose(float* src, int rows, int cols, float* dst)
    {
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < cols; q++) dst[q * rows + r] = src[r * cols + q];
    }

    /// <summary>
    /// <c>out[r, j] = Σ_p s[r·sRow + p·sP]·v[p·ldv + j·vStride]</c> for r &lt; rows, j &lt; cols, stored at
    /// <c>c[r·cRow + j·cCol]</c>, plus bias[r] (biasOnRows) or bias[j]. Vectorised over j when vStride = 1.
    /// </summary>
    [TierKernel]
    private static void RowForm<TL>(int rows, int cols, int k, float* s, nint sRow, nint sP, float* v, nint ldv,
        float* c, nint cRow, nint cCol, float* bias, bool biasOnRows, nint vStride = 1)
        where TL : unmanaged, ILanes<TL>
    {
        if (Narrows<TL>(cols)) RowLoop<Lanes256>(rows, cols, k, s, sRow, sP, v, ldv, c, cRow, cCol, bias, biasOnRows, vStride);
        else RowLoop<TL>(rows, cols, k, s, sRow, sP, v, ldv, c, cRow, cCol, bias, biasOnRows, vStride);
    }

    [HotLoop]
    [TierKernel]
    private static void RowLoop<TL>(int rows, int cols, int k, float* s, nint sRow, nint sP, float* v, nint ldv,
        float* c, nint cRow, nint cCol, float* bias, bool biasOnRows, nint vStride)
        where TL : unmanaged, ILanes<TL>
    {
        int w = TL.Count;
        float* lanes = stackalloc float[16];
        for (int r = 0; r < rows; r++)
        {
            float* sr = s + r * sRow;
            float* cr = c + r * cRow;
            float rowBias = bias != null && biasOnRows ? bias[r] : 0f;
            int j = 0;
            if (vStride == 1)
            {
                for (; j + 8 * w <= cols; j += 8 * w) RowBlock<K8, TL>(k, sr, sP, v + j, ldv, cr, j, cCol, bias, biasOnRows, rowBias, lanes);
                for (; j + 4 * w <= cols; j += 4 * w) RowBlock<K4, TL>(k, sr, sP, v + j, ldv, cr, j, cCol, bias, biasOnRows, rowBias, lanes);
                for (; j + w <= cols; j += w) RowBlock<K1, TL>(k, sr, sP, v + j, ldv, cr, j, cCol, bias, biasOnRows, rowBias, lanes);
            }
            for (; j < cols; j++)
            {
                float acc = 0f;
                float* vp = v + j * vStride;
                for (int p = 0; p < k; p++, vp += ldv) acc = TL.MultiplyAdd(sr[p * sP], *vp, acc);
                if (bias != null) acc += biasOnRows ? rowBias : bias[j];
                cr[j * cCol] = acc;
            }
        }
    }

    // Columns j … j + w·TWidth of one RowForm output row (TWidth = 1, 4 or 8 vectors of w lanes): FMA in p order
    // from zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowBlock<TWidth, TL>(int k, float* sr, nint sP, float* vp, nint ldv, float* cr, int j, nint cCol,
        float* bias, bool biasOnRows, float rowBias, float* lanes)
        where TWidth : IKernelConstant
        where TL : unmanaged, ILanes<TL>
    {
        int width = TWidth.Value, w = TL.Count;
        TL acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        TL acc4 = default, acc5 = default, acc6 = default, acc7 = default;
        for (int p = 0; p < k; p++, vp += ldv)
        {
            var x = TL.Create(sr[p * sP]);
            acc0 = TL.MultiplyAdd(x, TL.Load(vp), acc0);
            if (width > 1)
            {
                acc1 = TL.MultiplyAdd(x, TL.Load(vp + w), acc1);
                acc2 = TL.MultiplyAdd(x, TL.Load(vp + 2 * w), acc2);
                acc3 = TL.MultiplyAdd(x, TL.Load(vp + 3 * w), acc3);
            }
            if (width > 4)
            {
                acc4 = TL.MultiplyAdd(x, TL.Load(vp + 4 * w), acc4);
                acc5 = TL.MultiplyAdd(x, TL.Load(vp + 5 * w), acc5);
                acc6 = TL.MultiplyAdd(x, TL.Load(vp + 6 * w), acc6);
                acc7 = TL.MultiplyAdd(x, TL.Load(vp + 7 * w), acc7);
            }
        }
        Store(acc0, cr, j, cCol, bias, biasOnRows, rowBias, lanes);
        if (width > 1)
        {
            Store(acc1, cr, j + w, cCol, bias, biasOnRows, rowBias, lanes);
            Store(acc2, cr, j + 2 * w, cCol, bias, biasOnRows, rowBias, lanes);
            Store(acc3, cr, j + 3 * w, cCol, bias, biasOnRows, rowBias, lanes);
        }
        if (width > 4)
        {
            Store(acc4, cr, j + 4 * w, cCol, bias, biasOnRows, rowBias, lanes);
            Store(acc5, cr, j + 5 * w, cCol, bias, biasOnRows, rowBias, lanes);
            Store(acc6, cr, j + 6 * w, cCol, bias, biasOnRows, rowBias, lanes);
            Store(acc7, cr, j + 7 * w, cCol, bias, biasOnRows, rowBias, lanes);
        }
    }

    // The vector's lanes at cr[(j + t)·cCol] (through lanes, a scratch vector, when cCol ≠ 1), bias added first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TL>(TL acc, float* cr, int j, nint cCol, float* bias, bool biasOnRows, float rowBias, float* lanes)
        where TL : unmanaged, ILanes<TL>
    {
        if (bias != null) acc += biasOnRows ? TL.Create(rowBias) : TL.Load(bias + j);
        if (cCol == 1)
        {
            TL.Store(cr + j, acc);
            return;
        }
        TL.Store(lanes, acc);
        float* d = cr + j * cCol;
        for (int t = 0; t < TL.Count; t++) d[t * cCol] = lanes[t];
    }

    /// <summary><c>C[i,j] = Σ_p a[i·lda + p]·b[j·ldb + p] (+ bias[j])</c>, C row-major m×n, in blocks of 2 rows × up to
    /// 4 columns; 8-lane partial sums (one 8-lane vector, or two 4-lane halves), reduced by <see cref="Sum8"/>.</summary>
    [TierKernel]
    private static void DotForm<TL>(int m, int n, int k, float* a, nint lda, float* b, nint ldb, float* c, float* bias)
        where TL : unmanaged, ILanes<TL>
    {
        if (TL.Count == 16) DotLoop<Lanes256>(m, n, k, a, lda, b, ldb, c, bias);
        else DotLoop<TL>(m, n, k, a, lda, b, ldb, c, bias);
    }

    [HotLoop]
    [TierKernel]
    private static void DotLoop<TL>(int m, int n, int k, float* a, nint lda, float* b, nint ldb, float* c, float* bias)
        where TL : unmanaged, ILanes<TL>
    {
        for (int i = 0; i < m; i += 2)
        {
            bool pair = i + 1 < m;
            float* a0 = a + i * lda;
            float* a1 = pair ? a0 + lda : a0;
            float* c0 = c + (nint)i * n;
            float* c1 = pair ? c0 + n : null;
            int j = 0;
            for (; j + 4 <= n; j += 4) DotBlock<K4, TL>(k, a0, a1, b + j * ldb, ldb, c0 + j, c1 == null ? null : c1 + j, bias == null ? null : bias + j);
            float* bj = b + j * ldb, c0j = c0 + j, c1j = c1 == null ? null : c1 + j, biasj = bias == null ? null : bias + j;
            switch (n - j)
            {
                case 3: DotBlock<K3, TL>(k, a0, a1, bj, ldb, c0j, c1j, biasj); break;
                case 2: DotBlock<K2, TL>(k, a0, a1, bj, ldb, c0j, c1j, biasj); break;
                case 1: DotBlock<K1, TL>(k, a0, a1, bj, ldb, c0j, c1j, biasj); break;
            }
        }
    }

    /// <summary>Dot products of rows a0, a1 with TCols rows of b; row 1 stored only when c1 is not null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotBlock<TCols, TL>(int k, float* a0, float* a1, float* b, nint ldb, float* c0, float* c1, float* bias)
        where TCols : IKernelConstant
        where TL : unmanaged, ILanes<TL>
    {
        int cols = TCols.Value;
        bool halves = TL.Count == 4;
        float* b0 = b, b1 = cols > 1 ? b0 + ldb : b0, b2 = cols > 2 ? b0 + 2 * ldb : b0, b3 = cols > 3 ? b0 + 3 * ldb : b0;
        TL s00 = default, s01 = default, s02 = default, s03 = default;
        TL s10 = default, s11 = default, s12 = default, s13 = default;
        TL h00 = default, h01 = default, h02 = default, h03 = default;
        TL h10 = default, h11 = default, h12 = default, h13 = default;
        int p = 0;
        for (; p + 8 <= k; p += 8)
        {
            var x0 = TL.Load(a0 + p);
            var x1 = TL.Load(a1 + p);
            PairFma(x0, x1, TL.Load(b0 + p), ref s00, ref s10);
            if (cols > 1) PairFma(x0, x1, TL.Load(b1 + p), ref s01, ref s11);
            if (cols > 2) PairFma(x0, x1, TL.Load(b2 + p), ref s02, ref s12);
            if (cols > 3) PairFma(x0, x1, TL.Load(b3 + p), ref s03, ref s13);
            if (halves)
            {
                int q = p + 4;
                x0 = TL.Load(a0 + q);
                x1 = TL.Load(a1 + q);
                PairFma(x0, x1, TL.Load(b0 + q), ref h00, ref h10);
                if (cols > 1) PairFma(x0, x1, TL.Load(b1 + q), ref h01, ref h11);
                if (cols > 2) PairFma(x0, x1, TL.Load(b2 + q), ref h02, ref h12);
                if (cols > 3) PairFma(x0, x1, TL.Load(b3 + q), ref h03, ref h13);
            }
        }
        float r00 = Sum8(s00, h00), r01 = Sum8(s01, h01), r02 = Sum8(s02, h02), r03 = Sum8(s03, h03);
        float r10 = Sum8(s10, h10), r11 = Sum8(s11, h11), r12 = Sum8(s12, h12), r13 = Sum8(s13, h13);
        for (; p < k; p++)
        {
            float x0 = a0[p], x1 = a1[p];
            PairFma<TL>(x0, x1, b0[p], ref r00, ref r10);
            if (cols > 1) PairFma<TL>(x0, x1, b1[p], ref r01, ref r11);
            if (cols > 2) PairFma<TL>(x0, x1, b2[p], ref r02, ref r12);
            if (cols > 3) PairFma<TL>(x0, x1, b3[p], ref r03, ref r13);
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

    // One step of a DotBlock: the two rows' sums with one column of B, s0 += x0·y, s1 += x1·y.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairFma<TL>(TL x0, TL x1, TL y, ref TL s0, ref TL s1) where TL : unmanaged, ILanes<TL>
    {
        s0 = TL.MultiplyAdd(x0, y, s0);
        s1 = TL.MultiplyAdd(x1, y, s1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairFma<TL>(float x0, float x1, float y, ref float s0, ref float s1) where TL : unmanaged, ILanes<TL>
    {
        s0 = TL.MultiplyAdd(x0, y, s0);
        s1 = TL.MultiplyAdd(x1, y, s1);
    }
}
