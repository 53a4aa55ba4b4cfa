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
/// With AVX2 and FMA, the shapes of a small network take tuned forms of the same arithmetic (<c>GemmTuned</c>):
/// k ≤ 4 with the row's k values broadcast once (A·B, A·Bᵀ), Aᵀ·B with a side ≤ 4 in one pass along k, and n ≤ 3
/// dot products four rows at a time with a joint horizontal-add reduction; every output is summed in the same order
/// as by the general forms, so the results are the same.
/// Always one thread, so results cannot depend on <see cref="Engine.Threads"/>. A bias is added after the
/// dot product, as in the packed kernel.
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
    /// <see cref="Applies"/>) and the tier (<see cref="Engine.Tier"/>) is of 256 bits or more (its loops are 256-bit;
    /// the 128-bit and scalar tiers run every product in the packed kernel); false otherwise. Called by <see cref="MatMul"/> before the packed kernel, so that a
    /// network made only of small products never compiles the packed kernel's driver (start-up time).
    /// </summary>
    internal static bool TryGemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c)
    {
        if (Engine.Tier < IsaTier.Vector256 || m < 1 || n < 1 || k < 1 || !Applies(m, n, k) || a.Length < (long)m * k || b.Length < (long)k * n
            || c.Length < (long)m * n || (!bias.IsEmpty && bias.Length < n))
            return false;
        fixed (float* pa = a, pb = b, pc = c, pbias = bias) Gemm(transA, transB, m, n, k, pa, pb, pbias, pc);
        return true;
    }

    /// <summary><c>C = op(A)·op(B) (+ bias on every row)</c>; shapes already checked, m, n, k ≥ 1.</summary>
    internal static void Gemm(bool transA, bool transB, int m, int n, int k, float* a, float* b, float* bias, float* c)
    {
        if (Fma.IsSupported && Avx2.IsSupported && GemmTuned(transA, transB, m, n, k, a, b, bias, c)) return;
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

    /// <summary>
    /// The AVX2 forms for the shapes of a small network (the spiral's 2→64→3 at batch 300): returns false when the
    /// shape is not one of them. Each output is summed in the same order as by the general forms above (FMA in p
    /// order from zero; for dot products, 8-lane partial sums reduced as <see cref="Vector256.Sum{T}"/> does), so
    /// the results do not change, only the work around the arithmetic: the short operand held in registers, one
    /// pass over the long one, no per-element branches.
    /// </summary>
    private static bool GemmTuned(bool transA, bool transB, int m, int n, int k, float* a, float* b, float* bias, float* c)
    {
        if (!transA && !transB)
        {
            if (k <= MaxShortSide && n >= 8)
            {
                Outer(m, n, k, a, b, n, c, bias);
                return true;
            }
            if (n <= 3 && n * k <= MaxStackFloats)
            {
                float* bt = stackalloc float[n * k];
                Transpose(b, k, n, bt);
                DotRows4(m, n, k, a, bt, c, bias);
                return true;
            }
        }
        else if (transA && !transB)
        {
            // C = Aᵀ·B, A k×m, B k×n: both are read row by row along k, once.
            if (m <= MaxShortSide && n >= 8)
            {
                SumOverK(m, n, k, a, m, b, n, c, n, 1);
                if (bias != null) AddBias(m, n, c, bias);
                return true;
            }
            if (n <= MaxShortSide && m >= 8)
            {
                SumOverK(n, m, k, b, n, a, m, c, 1, n);
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
                Outer(m, n, k, a, bt, n, c, bias);
                return true;
            }
            if (n <= 3)
            {
                DotRows4(m, n, k, a, b, c, bias);
                return true;
            }
        }
        return false;
    }

    /// <summary>C (m×n, row stride n) = A (m×k, row stride k) · B (k×n, row stride ldb) (+ bias[j]) for k ≤ 4:
    /// each row's k values broadcast once, then 32 columns at a time.</summary>
    /// <remarks>With <paramref name="rectified"/> not null, <c>max(0, C)</c> (as <see cref="Rectifier.Rectify"/>) is stored
    /// there too, in the same pass.</remarks>
    private static void Outer(int m, int n, int k, float* a, float* b, nint ldb, float* c, float* bias, float* rectified = null)
    {
        switch (k)
        {
            case 1: Outer<K1>(m, n, a, b, ldb, c, bias, rectified); break;
            case 2: Outer<K2>(m, n, a, b, ldb, c, bias, rectified); break;
            case 3: Outer<K3>(m, n, a, b, ldb, c, bias, rectified); break;
            default: Outer<K4>(m, n, a, b, ldb, c, bias, rectified); break;
        }
    }

    /// <summary>
    /// <c>C = A·B + bias</c> and <c>R = max(0, C)</c> in one pass (a Dense layer's output and the ReLU above it), for
    /// A m×k with k ≤ <see cref="MaxShortSide"/> and n ≥ 8: the form <see cref="MatMul.MultiplyAddBias"/> takes for
    /// these shapes, so C is bit-identical to it and R to <see cref="Rectifier.Rectify"/>(C). False, nothing written, when AVX2
    /// and FMA are missing or the shape is not covered.
    /// </summary>
    internal static bool TryGemmRectified(int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, Span<float> rectified)
    {
        if (!GemmRectifiedApplies(m, n, k) || a.Length < (long)m * k || b.Length < (long)k * n || bias.Length < n || c.Length < (long)m * n
            || rectified.Length < (long)m * n)
            return false;
        fixed (float* pa = a, pb = b, pbias = bias, pc = c, pr = rectified) Outer(m, n, k, pa, pb, n, pc, pbias, pr);
        return true;
    }

    /// <summary>Whether <see cref="TryGemmRectified"/> covers an m×k by k×n product on this processor (it then
    /// runs, given buffers of these sizes).</summary>
    internal static bool GemmRectifiedApplies(int m, int n, int k) =>
        Engine.Tier >= IsaTier.Vector256 && Fma.IsSupported && Avx2.IsSupported && m >= 1 && k >= 1 && k <= MaxShortSide && n >= 8 && Applies(m, n, k);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Rectify(Vector256<float> v) =>
        Vector256.ConditionalSelect(Vector256.LessThanOrEqual(v, Vector256<float>.Zero), Vector256<float>.Zero, v);

    [HotLoop]
    private static void Outer<TK>(int m, int n, float* a, float* b, nint ldb, float* c, float* bias, float* rectified)
        where TK : IKernelConstant
    {
        int k = TK.Value;
        float* b1 = k > 1 ? b + ldb : b, b2 = k > 2 ? b + 2 * ldb : b, b3 = k > 3 ? b + 3 * ldb : b;
        for (int i = 0; i < m; i++)
        {
            float* ai = a + (nint)i * k;
            float* ci = c + (nint)i * n;
            float* ri = rectified == null ? null : rectified + (nint)i * n;
            var x0 = Vector256.Create(ai[0]);
            var x1 = k > 1 ? Vector256.Create(ai[1]) : default;
            var x2 = k > 2 ? Vector256.Create(ai[2]) : default;
            var x3 = k > 3 ? Vector256.Create(ai[3]) : default;
            nint j = 0;
            for (; j + 32 <= n; j += 32)
            {
                var acc0 = OuterVector<TK>(x0, x1, x2, x3, b + j, b1 + j, b2 + j, b3 + j);
                var acc1 = OuterVector<TK>(x0, x1, x2, x3, b + j + 8, b1 + j + 8, b2 + j + 8, b3 + j + 8);
                var acc2 = OuterVector<TK>(x0, x1, x2, x3, b + j + 16, b1 + j + 16, b2 + j + 16, b3 + j + 16);
                var acc3 = OuterVector<TK>(x0, x1, x2, x3, b + j + 24, b1 + j + 24, b2 + j + 24, b3 + j + 24);
                if (bias != null)
                {
                    acc0 += *(Vector256<float>*)(bias + j);
                    acc1 += *(Vector256<float>*)(bias + j + 8);
                    acc2 += *(Vector256<float>*)(bias + j + 16);
                    acc3 += *(Vector256<float>*)(bias + j + 24);
                }
                *(Vector256<float>*)(ci + j) = acc0;
                *(Vector256<float>*)(ci + j + 8) = acc1;
                *(Vector256<float>*)(ci + j + 16) = acc2;
                *(Vector256<float>*)(ci + j + 24) = acc3;
                if (ri != null)
                {
                    *(Vector256<float>*)(ri + j) = Rectify(acc0);
                    *(Vector256<float>*)(ri + j + 8) = Rectify(acc1);
                    *(Vector256<float>*)(ri + j + 16) = Rectify(acc2);
                    *(Vector256<float>*)(ri + j + 24) = Rectify(acc3);
                }
            }
            for (; j + 8 <= n; j += 8)
            {
                var acc = OuterVector<TK>(x0, x1, x2, x3, b + j, b1 + j, b2 + j, b3 + j);
                if (bias != null) acc += *(Vector256<float>*)(bias + j);
                *(Vector256<float>*)(ci + j) = acc;
                if (ri != null) *(Vector256<float>*)(ri + j) = Rectify(acc);
            }
            for (; j < n; j++)
            {
                float acc = MathF.FusedMultiplyAdd(ai[0], b[j], 0f);
                if (k > 1) acc = MathF.FusedMultiplyAdd(ai[1], b1[j], acc);
                if (k > 2) acc = MathF.FusedMultiplyAdd(ai[2], b2[j], acc);
                if (k > 3) acc = MathF.FusedMultiplyAdd(ai[3], b3[j], acc);
                if (bias != null) acc += bias[j];
                ci[j] = acc;
                if (ri != null) ri[j] = acc <= 0 ? 0f : acc;
            }
        }
    }

    // Eight columns of one output row before the bias: Σ_p x_p·B[p] (FMA from zero in p order), B's rows at b0…b3.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> OuterVector<TK>(Vector256<float> x0, Vector256<float> x1, Vector256<float> x2,
        Vector256<float> x3, float* b0, float* b1, float* b2, float* b3)
        where TK : IKernelConstant
    {
        int k = TK.Value;
        var acc = Fma.MultiplyAdd(x0, *(Vector256<float>*)b0, Vector256<float>.Zero);
        if (k > 1) acc = Fma.MultiplyAdd(x1, *(Vector256<float>*)b1, acc);
        if (k > 2) acc = Fma.MultiplyAdd(x2, *(Vector256<float>*)b2, acc);
        if (k > 3) acc = Fma.MultiplyAdd(x3, *(Vector256<float>*)b3, acc);
        return acc;
    }

    /// <summary>
    /// <c>out[r, j] = Σ_p s[p·sStride + r] · v[p·ldv + j]</c> for r &lt; rows ≤ 4, j &lt; cols, stored at
    /// <c>c[r·cRow + j·cCol]</c>: Aᵀ·B with a short side, s and v both walked once along p.
    /// </summary>
    private static void SumOverK(int rows, int cols, int k, float* s, nint sStride, float* v, nint ldv,
        float* c, nint cRow, nint cCol)
    {
        switch (rows)
        {
            case 1: SumOverK<K1, K4>(cols, k, s, sStride, v, ldv, c, cRow, cCol); break;
            case 2: SumOverK<K2, K4>(cols, k, s, sStride, v, ldv, c, cRow, cCol); break;
            case 3: SumOverK<K3, K3>(cols, k, s, sStride, v, ldv, c, cRow, cCol); break;
            default: SumOverK<K4, K2>(cols, k, s, sStride, v, ldv, c, cRow, cCol); break;
        }
    }

    [HotLoop]
    private static void SumOverK<TRows, TWidth>(int cols, int k, float* s, nint sStride, float* v, nint ldv,
        float* c, nint cRow, nint cCol)
        where TRows : IKernelConstant
        where TWidth : IKernelConstant
    {
        int rows = TRows.Value;
        float* tile = stackalloc float[4 * 32];
        int j = 0;
        while (j + 8 <= cols)
        {
            int width;
            if (j + 8 * TWidth.Value <= cols)
            {
                SumOverKBlock<TRows, TWidth>(k, s, sStride, v + j, ldv, tile);
                width = 8 * TWidth.Value;
            }
            else if (TWidth.Value > 2 && j + 16 <= cols)
            {
                // Two vectors left (the spiral's 64 = 24 + 24 + 16): one pass with both, not two one-vector passes,
                // each a chain of k dependent FMAs per sum.
                SumOverKBlock<TRows, K2>(k, s, sStride, v + j, ldv, tile);
                width = 16;
            }
            else
            {
                SumOverKBlock<TRows, K1>(k, s, sStride, v + j, ldv, tile);
                width = 8;
            }
            for (int r = 0; r < rows; r++)
                for (int t = 0; t < width; t++) c[r * cRow + (j + t) * cCol] = tile[r * 32 + t];
            j += width;
        }
        for (; j < cols; j++)
            for (int r = 0; r < rows; r++)
            {
                float acc = 0f;
                float* sp = s + r, vp = v + j;
                for (int p = 0; p < k; p++, sp += sStride, vp += ldv) acc = MathF.FusedMultiplyAdd(*sp, *vp, acc);
                c[r * cRow + j * cCol] = acc;
            }
    }

    /// <summary>out[0…TRows, 0…8·TWidth) of <see cref="SumOverK"/>, v offset to the block's first column, stored in
    /// <paramref name="tile"/> (row r at r·32).</summary>
    [HotLoop]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SumOverKBlock<TRows, TWidth>(int k, float* s, nint sStride, float* v, nint ldv, float* tile)
        where TRows : IKernelConstant
        where TWidth : IKernelConstant
    {
        int rows = TRows.Value, width = TWidth.Value;
        Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector256<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector256<float> a30 = default, a31 = default, a32 = default, a33 = default;
        for (int p = 0; p < k; p++, s += sStride, v += ldv)
        {
            var y0 = *(Vector256<float>*)v;
            var y1 = width > 1 ? *(Vector256<float>*)(v + 8) : default;
            var y2 = width > 2 ? *(Vector256<float>*)(v + 16) : default;
            var y3 = width > 3 ? *(Vector256<float>*)(v + 24) : default;
            RowFma<TWidth>(s[0], y0, y1, y2, y3, ref a00, ref a01, ref a02, ref a03);
            if (rows > 1) RowFma<TWidth>(s[1], y0, y1, y2, y3, ref a10, ref a11, ref a12, ref a13);
            if (rows > 2) RowFma<TWidth>(s[2], y0, y1, y2, y3, ref a20, ref a21, ref a22, ref a23);
            if (rows > 3) RowFma<TWidth>(s[3], y0, y1, y2, y3, ref a30, ref a31, ref a32, ref a33);
        }
        StoreRow<TWidth>(tile, a00, a01, a02, a03);
        if (rows > 1) StoreRow<TWidth>(tile + 32, a10, a11, a12, a13);
        if (rows > 2) StoreRow<TWidth>(tile + 64, a20, a21, a22, a23);
        if (rows > 3) StoreRow<TWidth>(tile + 96, a30, a31, a32, a33);
    }

    // One row of a SumOverK block: a_q += x·y_q for the TWidth vectors q.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowFma<TWidth>(float x, Vector256<float> y0, Vector256<float> y1, Vector256<float> y2,
        Vector256<float> y3, ref Vector256<float> a0, ref Vector256<float> a1, ref Vector256<float> a2, ref Vector256<float> a3)
        where TWidth : IKernelConstant
    {
        int width = TWidth.Value;
        var xv = Vector256.Create(x);
        a0 = Fma.MultiplyAdd(xv, y0, a0);
        if (width > 1) a1 = Fma.MultiplyAdd(xv, y1, a1);
        if (width > 2) a2 = Fma.MultiplyAdd(xv, y2, a2);
        if (width > 3) a3 = Fma.MultiplyAdd(xv, y3, a3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TWidth>(float* row, Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3)
        where TWidth : IKernelConstant
    {
        int width = TWidth.Value;
        *(Vector256<float>*)row = a0;
        if (width > 1) *(Vector256<float>*)(row + 8) = a1;
        if (width > 2) *(Vector256<float>*)(row + 16) = a2;
        if (width > 3) *(Vector256<float>*)(row + 24) = a3;
    }

    /// <summary>
    /// The backward pass through Dense(inputs → hidden) → ReLU → Dense(hidden → outputs) below the upper layer's
    /// parameter gradients, in one pass over the hidden activations: with G (rows×outputs) the upper layer's
    /// dvalues, W (hidden×outputs) its weights, Z (rows×hidden) the lower layer's output and X (rows×inputs) its
    /// inputs, it writes <c>D2 = G·Wᵀ</c> (the upper layer's dinputs), <c>D1 = D2 where Z &gt; 0, else 0</c> (the
    /// ReLU's dinputs), <c>dW1 = Xᵀ·D1</c> and <c>db1 = Σ_rows D1</c>. Returns false, having written nothing, unless
    /// AVX2 and FMA are available, hidden is a multiple of 8, inputs and outputs are at most
    /// <see cref="MaxShortSide"/>, and both products would take this path's tuned forms (<see cref="Applies"/>).
    /// </summary>
    /// <remarks>Each output is computed with the operations, in the order, of the unfused steps (D2 as
    /// <c>Outer</c>: FMA from zero in p order; D1 as <see cref="Rectifier.Mask(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>; dW1 as <c>SumOverK</c>: FMA from zero in row
    /// order; db1 as <see cref="ColumnSums.InRowOrder(ReadOnlySpan{float}, int, Span{float})"/>: additions from zero in row order), so the results are bit-identical;
    /// only the order in which elements are visited differs (8 columns down all rows at a time).</remarks>
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
            switch (outputs)
            {
                case 1: DenseReLUBackward<K1>(rows, hidden, inputs, pg, wt, pz, px, pd2, pd1, pdw, pdb); break;
                case 2: DenseReLUBackward<K2>(rows, hidden, inputs, pg, wt, pz, px, pd2, pd1, pdw, pdb); break;
                case 3: DenseReLUBackward<K3>(rows, hidden, inputs, pg, wt, pz, px, pd2, pd1, pdw, pdb); break;
                default: DenseReLUBackward<K4>(rows, hidden, inputs, pg, wt, pz, px, pd2, pd1, pdw, pdb); break;
            }
        }
        return true;
    }

    /// <summary>Whether <see cref="TryDenseReLUBackward"/> covers these sizes on this processor (it then runs, given
    /// buffers of these sizes).</summary>
    internal static bool DenseReLUBackwardApplies(int rows, int hidden, int inputs, int outputs) =>
        Engine.Tier >= IsaTier.Vector256 && Fma.IsSupported && Avx2.IsSupported && rows >= 1 && hidden >= 8 && hidden % 8 == 0
        && inputs >= 1 && inputs <= MaxShortSide && outputs >= 1 && outputs <= MaxShortSide
        && hidden * outputs <= MaxStackFloats
        && Applies(rows, hidden, outputs) && Applies(inputs, hidden, rows);

    private static void DenseReLUBackward<TK>(int rows, int hidden, int inputs, float* g, float* wt, float* z, float* x,
        float* d2, float* d1, float* dw1, float* db1)
        where TK : IKernelConstant
    {
        int j = 0;
        for (; j + 32 <= hidden; j += 32) DenseReLUBackwardBlock<TK, K4>(rows, hidden, inputs, j, g, wt, z, x, d2, d1, dw1, db1);
        for (; j < hidden; j += 8) DenseReLUBackwardBlock<TK, K1>(rows, hidden, inputs, j, g, wt, z, x, d2, d1, dw1, db1);
    }

    // Columns j … j + 8·TWidth down all rows: 3·TWidth independent running sums, since each one's additions must
    // stay in row order.
    [HotLoop]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DenseReLUBackwardBlock<TK, TWidth>(int rows, int hidden, int inputs, int j, float* g, float* wt,
        float* z, float* x, float* d2, float* d1, float* dw1, float* db1)
        where TK : IKernelConstant
        where TWidth : IKernelConstant
    {
        int k = TK.Value, width = TWidth.Value;
        bool two = inputs > 1;
        float* w = wt + j;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
        float* gr = g, xr = x;
        nint at = j;
        for (int r = 0; r < rows; r++, gr += k, xr += inputs, at += hidden)
        {
            var x0 = Vector256.Create(xr[0]);
            var x1 = two ? Vector256.Create(xr[1]) : default;
            Step(k, gr, w, hidden, z + at, d2 + at, d1 + at, x0, x1, two, ref a0, ref b0, ref c0);
            if (width > 1)
            {
                Step(k, gr, w + 8, hidden, z + at + 8, d2 + at + 8, d1 + at + 8, x0, x1, two, ref a1, ref b1, ref c1);
                Step(k, gr, w + 16, hidden, z + at + 16, d2 + at + 16, d1 + at + 16, x0, x1, two, ref a2, ref b2, ref c2);
                Step(k, gr, w + 24, hidden, z + at + 24, d2 + at + 24, d1 + at + 24, x0, x1, two, ref a3, ref b3, ref c3);
            }
        }
        *(Vector256<float>*)(dw1 + j) = a0;
        *(Vector256<float>*)(db1 + j) = c0;
        if (two) *(Vector256<float>*)(dw1 + hidden + j) = b0;
        if (width > 1)
        {
            *(Vector256<float>*)(dw1 + j + 8) = a1;
            *(Vector256<float>*)(dw1 + j + 16) = a2;
            *(Vector256<float>*)(dw1 + j + 24) = a3;
            *(Vector256<float>*)(db1 + j + 8) = c1;
            *(Vector256<float>*)(db1 + j + 16) = c2;
            *(Vector256<float>*)(db1 + j + 24) = c3;
            if (two)
            {
                *(Vector256<float>*)(dw1 + hidden + j + 8) = b1;
                *(Vector256<float>*)(dw1 + hidden + j + 16) = b2;
                *(Vector256<float>*)(dw1 + hidden + j + 24) = b3;
            }
        }
        // Inputs 3 and 4 (rare): their dW rows in a second pass over the masked gradient just written.
        for (int p = 2; p < inputs; p++)
            for (int t = 0; t < 8 * width; t += 8)
            {
                var acc = Vector256<float>.Zero;
                float* xp = x + p;
                nint row = j + t;
                for (int r = 0; r < rows; r++, xp += inputs, row += hidden)
                    acc = Fma.MultiplyAdd(Vector256.Create(*xp), *(Vector256<float>*)(d1 + row), acc);
                *(Vector256<float>*)(dw1 + p * hidden + j + t) = acc;
            }
    }

    // One vector of the fused step: t = Σ_p g[p]·Wᵀ[p] (FMA from zero in p order), stored as D2, masked by z as D1,
    // then the running sums of x₀·D1, x₁·D1 and D1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(int k, float* gr, float* w, nint ws, float* z, float* d2, float* d1,
        Vector256<float> x0, Vector256<float> x1, bool two,
        ref Vector256<float> s0, ref Vector256<float> s1, ref Vector256<float> sum)
    {
        var t = Fma.MultiplyAdd(Vector256.Create(gr[0]), *(Vector256<float>*)w, Vector256<float>.Zero);
        if (k > 1) t = Fma.MultiplyAdd(Vector256.Create(gr[1]), *(Vector256<float>*)(w + ws), t);
        if (k > 2) t = Fma.MultiplyAdd(Vector256.Create(gr[2]), *(Vector256<float>*)(w + 2 * ws), t);
        if (k > 3) t = Fma.MultiplyAdd(Vector256.Create(gr[3]), *(Vector256<float>*)(w + 3 * ws), t);
        *(Vector256<float>*)d2 = t;
        // Rectifier.Mask's ConditionalSelect(z ≤ 0, 0, t): t with the lanes where z ≤ 0 cleared.
        var masked = Avx.AndNot(Vector256.LessThanOrEqual(*(Vector256<float>*)z, Vector256<float>.Zero), t);
        *(Vector256<float>*)d1 = masked;
        s0 = Fma.MultiplyAdd(x0, masked, s0);
        if (two) s1 = Fma.MultiplyAdd(x1, masked, s1);
        sum += masked;
    }

    /// <summary>C (m×n) += bias on every row.</summary>
    private static void AddBias(int m, int n, float* c, float* bias)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) c[(nint)i * n + j] += bias[j];
    }

    /// <summary>
    /// <c>C[i,j] = Σ_p A[i,p]·B[j,p] (+ bias[j])</c> for n ≤ 3, A m×k and B n×k row-major: four rows of A at a time,
    /// 8-lane partial sums, the four rows' sums of one column reduced together (horizontal adds).
    /// </summary>
    private static void DotRows4(int m, int n, int k, float* a, float* b, float* c, float* bias)
    {
        switch (n)
        {
            case 1: DotRows4<K1>(m, k, a, b, c, bias); break;
            case 2: DotRows4<K2>(m, k, a, b, c, bias); break;
            default: DotRows4<K3>(m, k, a, b, c, bias); break;
        }
    }

    [HotLoop]
    private static void DotRows4<TCols>(int m, int k, float* a, float* b, float* c, float* bias)
        where TCols : IKernelConstant
    {
        int n = TCols.Value;
        float* b0 = b, b1 = n > 1 ? b + k : b, b2 = n > 2 ? b + 2 * k : b;
        int kVector = k & ~7;
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            float* a0 = a + (nint)i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
            Vector256<float> s00 = default, s10 = default, s20 = default, s30 = default;
            Vector256<float> s01 = default, s11 = default, s21 = default, s31 = default;
            Vector256<float> s02 = default, s12 = default, s22 = default, s32 = default;
            for (int p = 0; p < kVector; p += 8)
            {
                // Rows outer, columns inner: one row vector live at a time (12 sums + 3 + 1 = 16 registers).
                var y0 = *(Vector256<float>*)(b0 + p);
                var y1 = n > 1 ? *(Vector256<float>*)(b1 + p) : default;
                var y2 = n > 2 ? *(Vector256<float>*)(b2 + p) : default;
                ColumnFma<TCols>(*(Vector256<float>*)(a0 + p), y0, y1, y2, ref s00, ref s01, ref s02);
                ColumnFma<TCols>(*(Vector256<float>*)(a1 + p), y0, y1, y2, ref s10, ref s11, ref s12);
                ColumnFma<TCols>(*(Vector256<float>*)(a2 + p), y0, y1, y2, ref s20, ref s21, ref s22);
                ColumnFma<TCols>(*(Vector256<float>*)(a3 + p), y0, y1, y2, ref s30, ref s31, ref s32);
            }
            var r0 = Reduce4(s00, s10, s20, s30);
            var r1 = n > 1 ? Reduce4(s01, s11, s21, s31) : default;
            var r2 = n > 2 ? Reduce4(s02, s12, s22, s32) : default;
            for (int p = kVector; p < k; p++)
            {
                var x = Vector128.Create(a0[p], a1[p], a2[p], a3[p]);
                r0 = Fma.MultiplyAdd(x, Vector128.Create(b0[p]), r0);
                if (n > 1) r1 = Fma.MultiplyAdd(x, Vector128.Create(b1[p]), r1);
                if (n > 2) r2 = Fma.MultiplyAdd(x, Vector128.Create(b2[p]), r2);
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
        if (i < m) DotForm(m - i, n, k, a + (nint)i * k, k, b, k, c + (nint)i * n, bias);
    }

    // One row of a DotRows4 block: s_q += x·y_q for the TCols columns q.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ColumnFma<TCols>(Vector256<float> x, Vector256<float> y0, Vector256<float> y1, Vector256<float> y2,
        ref Vector256<float> s0, ref Vector256<float> s1, ref Vector256<float> s2)
        where TCols : IKernelConstant
    {
        int n = TCols.Value;
        s0 = Fma.MultiplyAdd(x, y0, s0);
        if (n > 1) s1 = Fma.MultiplyAdd(x, y1, s1);
        if (n > 2) s2 = Fma.MultiplyAdd(x, y2, s2);
    }

    /// <summary>The four lanes of r at c[0], c[stride], c[2·stride], c[3·stride] (one output column, four rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumn(Vector128<float> r, float* c, nint stride)
    {
        c[0] = r.GetElement(0);
        c[stride] = r.GetElement(1);
        c[2 * stride] = r.GetElement(2);
        c[3 * stride] = r.GetElement(3);
    }

    /// <summary>The lane sums of four vectors, each summed as ((0+1)+(2+3)) + ((4+5)+(6+7)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Reduce4(Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3)
    {
        var h = Avx.HorizontalAdd(Avx.HorizontalAdd(v0, v1), Avx.HorizontalAdd(v2, v3));
        return h.GetLower() + h.GetUpper();
    }

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
    [HotLoop]
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
                for (; j + 64 <= cols; j += 64) RowBlock<K8>(k, sr, sP, v + j, ldv, cr, j, cCol, bias, biasOnRows, rowBias);
                for (; j + 32 <= cols; j += 32) RowBlock<K4>(k, sr, sP, v + j, ldv, cr, j, cCol, bias, biasOnRows, rowBias);
                for (; j + 8 <= cols; j += 8) RowBlock<K1>(k, sr, sP, v + j, ldv, cr, j, cCol, bias, biasOnRows, rowBias);
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

    // Columns j … j + 8·TWidth of one RowForm output row (TWidth = 1, 4 or 8 vectors): FMA in p order from zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowBlock<TWidth>(int k, float* sr, nint sP, float* vp, nint ldv, float* cr, int j, nint cCol,
        float* bias, bool biasOnRows, float rowBias)
        where TWidth : IKernelConstant
    {
        int width = TWidth.Value;
        Vector256<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        Vector256<float> acc4 = default, acc5 = default, acc6 = default, acc7 = default;
        for (int p = 0; p < k; p++, vp += ldv)
        {
            var x = Vector256.Create(sr[p * sP]);
            acc0 = Vector256.FusedMultiplyAdd(x, *(Vector256<float>*)vp, acc0);
            if (width > 1)
            {
                acc1 = Vector256.FusedMultiplyAdd(x, *(Vector256<float>*)(vp + 8), acc1);
                acc2 = Vector256.FusedMultiplyAdd(x, *(Vector256<float>*)(vp + 16), acc2);
                acc3 = Vector256.FusedMultiplyAdd(x, *(Vector256<float>*)(vp + 24), acc3);
            }
            if (width > 4)
            {
                acc4 = Vector256.FusedMultiplyAdd(x, *(Vector256<float>*)(vp + 32), acc4);
                acc5 = Vector256.FusedMultiplyAdd(x, *(Vector256<float>*)(vp + 40), acc5);
                acc6 = Vector256.FusedMultiplyAdd(x, *(Vector256<float>*)(vp + 48), acc6);
                acc7 = Vector256.FusedMultiplyAdd(x, *(Vector256<float>*)(vp + 56), acc7);
            }
        }
        Store(acc0, cr, j, cCol, bias, biasOnRows, rowBias);
        if (width > 1)
        {
            Store(acc1, cr, j + 8, cCol, bias, biasOnRows, rowBias);
            Store(acc2, cr, j + 16, cCol, bias, biasOnRows, rowBias);
            Store(acc3, cr, j + 24, cCol, bias, biasOnRows, rowBias);
        }
        if (width > 4)
        {
            Store(acc4, cr, j + 32, cCol, bias, biasOnRows, rowBias);
            Store(acc5, cr, j + 40, cCol, bias, biasOnRows, rowBias);
            Store(acc6, cr, j + 48, cCol, bias, biasOnRows, rowBias);
            Store(acc7, cr, j + 56, cCol, bias, biasOnRows, rowBias);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> acc, float* cr, int j, nint cCol, float* bias, bool biasOnRows, float rowBias)
    {
        if (bias != null) acc += biasOnRows ? Vector256.Create(rowBias) : *(Vector256<float>*)(bias + j);
        if (cCol == 1)
        {
            *(Vector256<float>*)(cr + j) = acc;
            return;
        }
        float* d = cr + j * cCol;
        for (int t = 0; t < 8; t++) d[t * cCol] = acc.GetElement(t);
    }

    /// <summary><c>C[i,j] = Σ_p a[i·lda + p]·b[j·ldb + p] (+ bias[j])</c>, C row-major m×n, in blocks of 2 rows × up to 4 columns.</summary>
    [HotLoop]
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
                var x0 = *(Vector256<float>*)(a0 + p);
                var x1 = *(Vector256<float>*)(a1 + p);
                PairFma(x0, x1, *(Vector256<float>*)(b0 + p), ref s00, ref s10);
                if (cols > 1) PairFma(x0, x1, *(Vector256<float>*)(b1 + p), ref s01, ref s11);
                if (cols > 2) PairFma(x0, x1, *(Vector256<float>*)(b2 + p), ref s02, ref s12);
                if (cols > 3) PairFma(x0, x1, *(Vector256<float>*)(b3 + p), ref s03, ref s13);
            }
        float r00 = Vector256.Sum(s00), r01 = Vector256.Sum(s01), r02 = Vector256.Sum(s02), r03 = Vector256.Sum(s03);
        float r10 = Vector256.Sum(s10), r11 = Vector256.Sum(s11), r12 = Vector256.Sum(s12), r13 = Vector256.Sum(s13);
        for (; p < k; p++)
        {
            float x0 = a0[p], x1 = a1[p];
            PairFma(x0, x1, b0[p], ref r00, ref r10);
            if (cols > 1) PairFma(x0, x1, b1[p], ref r01, ref r11);
            if (cols > 2) PairFma(x0, x1, b2[p], ref r02, ref r12);
            if (cols > 3) PairFma(x0, x1, b3[p], ref r03, ref r13);
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
    private static void PairFma(Vector256<float> x0, Vector256<float> x1, Vector256<float> y, ref Vector256<float> s0, ref Vector256<float> s1)
    {
        s0 = Vector256.FusedMultiplyAdd(x0, y, s0);
        s1 = Vector256.FusedMultiplyAdd(x1, y, s1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PairFma(float x0, float x1, float y, ref float s0, ref float s1)
    {
        s0 = MathF.FusedMultiplyAdd(x0, y, s0);
        s1 = MathF.FusedMultiplyAdd(x1, y, s1);
    }
}
