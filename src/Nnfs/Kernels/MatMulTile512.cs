using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>
/// The 512-bit tier's register tile of the packed product: an R×32 block of C (R ≤ 12, two <see cref="Vector512{T}"/>
/// per row) or an R×16 block (one per row, for a narrow last sliver) from an A sliver (R rows × k, see
/// <see cref="IASliver"/>) and a packed B sliver (k × 32 or k × 16), with one 512-bit FMA per 16 outputs per step of k.
/// </summary>
/// <remarks>
/// A full tile keeps 24 independent accumulator chains in flight, with two B vectors and one broadcast: 27 of the
/// 32 AVX-512 registers. An FMA unit with a latency of 4 cycles and two pipes needs at least 8 independent chains to
/// stay busy; the 256-bit kernel's 6×16 shape in one 512-bit vector per row (6 chains) was latency-bound.
/// Each output is the same sequence as in <see cref="MatMulMicroKernel"/>: <c>acc = fma(a[p], b[p], acc)</c> for
/// p = 0…kc−1 from 0, or from C when accumulating (a later k block), then <c>+ bias</c>; so its results equal every
/// other tier's bit for bit, whatever the tile shape. Written with the cross-platform <see cref="Vector512"/> API: on a
/// processor without AVX-512 it runs emulated (slowly, but with the same bits), so the tier's tests run anywhere.
/// Vectors are loaded and stored through the pointer (see <see cref="MatMulMicroKernel"/>).
/// </remarks>
[SkipLocalsInit]
internal static unsafe class MatMulTile512
{
    /// <summary>The most rows a kernel computes.</summary>
    public const int MaxRows = 12;

    /// <summary>Columns of the wide kernel (two 512-bit vectors); the narrow kernel has half.</summary>
    public const int Width = 32;

    /// <summary>Kernels on depth-major A slivers, indexed by <see cref="MatMulMicroKernel.Index"/> (rows 1…12).</summary>
    public static readonly delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] DepthMajorTable = Build<DepthMajor>();

    /// <summary>Kernels on row-major A slivers, indexed by <see cref="MatMulMicroKernel.Index"/> (rows 1…12).</summary>
    public static readonly delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] RowMajorTable = Build<RowMajor>();

    private static delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] Build<TA>()
        where TA : struct, IASliver
    {
        var t = new delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[2 * MaxRows + 2];
        t[2] = &Run<TA, K1, K1>;
        t[3] = &Run<TA, K1, K2>;
        t[4] = &Run<TA, K2, K1>;
        t[5] = &Run<TA, K2, K2>;
        t[6] = &Run<TA, K3, K1>;
        t[7] = &Run<TA, K3, K2>;
        t[8] = &Run<TA, K4, K1>;
        t[9] = &Run<TA, K4, K2>;
        t[10] = &Run<TA, K5, K1>;
        t[11] = &Run<TA, K5, K2>;
        t[12] = &Run<TA, K6, K1>;
        t[13] = &Run<TA, K6, K2>;
        t[14] = &Run<TA, K7, K1>;
        t[15] = &Run<TA, K7, K2>;
        t[16] = &Run<TA, K8, K1>;
        t[17] = &Run<TA, K8, K2>;
        t[18] = &Run<TA, K9, K1>;
        t[19] = &Run<TA, K9, K2>;
        t[20] = &Run<TA, K10, K1>;
        t[21] = &Run<TA, K10, K2>;
        t[22] = &Run<TA, K11, K1>;
        t[23] = &Run<TA, K11, K2>;
        t[24] = &Run<TA, K12, K1>;
        t[25] = &Run<TA, K12, K2>;
        return t;
    }

    /// <summary>
    /// C[r, j] (r &lt; R, j &lt; 16·W) = the FMA chain Σ_p A(r, p)·b[p·ldb + j] starting from (accumulate ? C[r, j] : 0)
    /// (+ bias[j]), A(r, p) as <typeparamref name="TA"/> places it with <paramref name="stride"/>; B's rows are
    /// <paramref name="ldb"/> floats apart (16·W for a packed sliver, B's row length when it is read in place).
    /// </summary>
    [HotLoop]
    public static void Run<TA, TR, TW>(int kc, float* a, nint stride, float* b, nint ldb, float* c, nint ldc, bool accumulate, float* bias)
        where TA : struct, IASliver
        where TR : struct, IKernelConstant
        where TW : struct, IKernelConstant
    {
        bool wide = TW.Value == 2;
        if (TR.Value > 0) Prefetch(c + 0 * ldc, wide);
        if (TR.Value > 1) Prefetch(c + 1 * ldc, wide);
        if (TR.Value > 2) Prefetch(c + 2 * ldc, wide);
        if (TR.Value > 3) Prefetch(c + 3 * ldc, wide);
        if (TR.Value > 4) Prefetch(c + 4 * ldc, wide);
        if (TR.Value > 5) Prefetch(c + 5 * ldc, wide);
        if (TR.Value > 6) Prefetch(c + 6 * ldc, wide);
        if (TR.Value > 7) Prefetch(c + 7 * ldc, wide);
        if (TR.Value > 8) Prefetch(c + 8 * ldc, wide);
        if (TR.Value > 9) Prefetch(c + 9 * ldc, wide);
        if (TR.Value > 10) Prefetch(c + 10 * ldc, wide);
        if (TR.Value > 11) Prefetch(c + 11 * ldc, wide);
        Vector512<float> x0 = default, y0 = default, x1 = default, y1 = default, x2 = default, y2 = default, x3 = default, y3 = default, x4 = default, y4 = default, x5 = default, y5 = default;
        Vector512<float> x6 = default, y6 = default, x7 = default, y7 = default, x8 = default, y8 = default, x9 = default, y9 = default, x10 = default, y10 = default, x11 = default, y11 = default;
        if (accumulate)
        {
            // The chain goes on from the partial sum stored by the previous k block (float, so nothing is lost).
            if (TR.Value > 0) { x0 = *(Vector512<float>*)(c + 0 * ldc); if (wide) y0 = *(Vector512<float>*)(c + 0 * ldc + 16); }
            if (TR.Value > 1) { x1 = *(Vector512<float>*)(c + 1 * ldc); if (wide) y1 = *(Vector512<float>*)(c + 1 * ldc + 16); }
            if (TR.Value > 2) { x2 = *(Vector512<float>*)(c + 2 * ldc); if (wide) y2 = *(Vector512<float>*)(c + 2 * ldc + 16); }
            if (TR.Value > 3) { x3 = *(Vector512<float>*)(c + 3 * ldc); if (wide) y3 = *(Vector512<float>*)(c + 3 * ldc + 16); }
            if (TR.Value > 4) { x4 = *(Vector512<float>*)(c + 4 * ldc); if (wide) y4 = *(Vector512<float>*)(c + 4 * ldc + 16); }
            if (TR.Value > 5) { x5 = *(Vector512<float>*)(c + 5 * ldc); if (wide) y5 = *(Vector512<float>*)(c + 5 * ldc + 16); }
            if (TR.Value > 6) { x6 = *(Vector512<float>*)(c + 6 * ldc); if (wide) y6 = *(Vector512<float>*)(c + 6 * ldc + 16); }
            if (TR.Value > 7) { x7 = *(Vector512<float>*)(c + 7 * ldc); if (wide) y7 = *(Vector512<float>*)(c + 7 * ldc + 16); }
            if (TR.Value > 8) { x8 = *(Vector512<float>*)(c + 8 * ldc); if (wide) y8 = *(Vector512<float>*)(c + 8 * ldc + 16); }
            if (TR.Value > 9) { x9 = *(Vector512<float>*)(c + 9 * ldc); if (wide) y9 = *(Vector512<float>*)(c + 9 * ldc + 16); }
            if (TR.Value > 10) { x10 = *(Vector512<float>*)(c + 10 * ldc); if (wide) y10 = *(Vector512<float>*)(c + 10 * ldc + 16); }
            if (TR.Value > 11) { x11 = *(Vector512<float>*)(c + 11 * ldc); if (wide) y11 = *(Vector512<float>*)(c + 11 * ldc + 16); }
        }
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = *(Vector512<float>*)b;
            Vector512<float> b1 = wide ? *(Vector512<float>*)(b + 16) : default;
            if (TR.Value > 0)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 0, 0));
                x0 = Vector512.FusedMultiplyAdd(s, b0, x0);
                if (wide) y0 = Vector512.FusedMultiplyAdd(s, b1, y0);
            }
            if (TR.Value > 1)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 1, 0));
                x1 = Vector512.FusedMultiplyAdd(s, b0, x1);
                if (wide) y1 = Vector512.FusedMultiplyAdd(s, b1, y1);
            }
            if (TR.Value > 2)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 2, 0));
                x2 = Vector512.FusedMultiplyAdd(s, b0, x2);
                if (wide) y2 = Vector512.FusedMultiplyAdd(s, b1, y2);
            }
            if (TR.Value > 3)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 3, 0));
                x3 = Vector512.FusedMultiplyAdd(s, b0, x3);
                if (wide) y3 = Vector512.FusedMultiplyAdd(s, b1, y3);
            }
            if (TR.Value > 4)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 4, 0));
                x4 = Vector512.FusedMultiplyAdd(s, b0, x4);
                if (wide) y4 = Vector512.FusedMultiplyAdd(s, b1, y4);
            }
            if (TR.Value > 5)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 5, 0));
                x5 = Vector512.FusedMultiplyAdd(s, b0, x5);
                if (wide) y5 = Vector512.FusedMultiplyAdd(s, b1, y5);
            }
            if (TR.Value > 6)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 6, 0));
                x6 = Vector512.FusedMultiplyAdd(s, b0, x6);
                if (wide) y6 = Vector512.FusedMultiplyAdd(s, b1, y6);
            }
            if (TR.Value > 7)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 7, 0));
                x7 = Vector512.FusedMultiplyAdd(s, b0, x7);
                if (wide) y7 = Vector512.FusedMultiplyAdd(s, b1, y7);
            }
            if (TR.Value > 8)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 8, 0));
                x8 = Vector512.FusedMultiplyAdd(s, b0, x8);
                if (wide) y8 = Vector512.FusedMultiplyAdd(s, b1, y8);
            }
            if (TR.Value > 9)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 9, 0));
                x9 = Vector512.FusedMultiplyAdd(s, b0, x9);
                if (wide) y9 = Vector512.FusedMultiplyAdd(s, b1, y9);
            }
            if (TR.Value > 10)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 10, 0));
                x10 = Vector512.FusedMultiplyAdd(s, b0, x10);
                if (wide) y10 = Vector512.FusedMultiplyAdd(s, b1, y10);
            }
            if (TR.Value > 11)
            {
                Vector512<float> s = Vector512.Create(TA.Get(a, stride, 11, 0));
                x11 = Vector512.FusedMultiplyAdd(s, b0, x11);
                if (wide) y11 = Vector512.FusedMultiplyAdd(s, b1, y11);
            }
            a = TA.Advance(a, stride, 1);
            b += ldb;
        }
        Vector512<float> bias0 = default, bias1 = default;
        if (bias != null)
        {
            bias0 = *(Vector512<float>*)bias;
            if (wide) bias1 = *(Vector512<float>*)(bias + 16);
        }
        if (TR.Value > 0) Store(c + 0 * ldc, x0, y0, wide, bias != null, bias0, bias1);
        if (TR.Value > 1) Store(c + 1 * ldc, x1, y1, wide, bias != null, bias0, bias1);
        if (TR.Value > 2) Store(c + 2 * ldc, x2, y2, wide, bias != null, bias0, bias1);
        if (TR.Value > 3) Store(c + 3 * ldc, x3, y3, wide, bias != null, bias0, bias1);
        if (TR.Value > 4) Store(c + 4 * ldc, x4, y4, wide, bias != null, bias0, bias1);
        if (TR.Value > 5) Store(c + 5 * ldc, x5, y5, wide, bias != null, bias0, bias1);
        if (TR.Value > 6) Store(c + 6 * ldc, x6, y6, wide, bias != null, bias0, bias1);
        if (TR.Value > 7) Store(c + 7 * ldc, x7, y7, wide, bias != null, bias0, bias1);
        if (TR.Value > 8) Store(c + 8 * ldc, x8, y8, wide, bias != null, bias0, bias1);
        if (TR.Value > 9) Store(c + 9 * ldc, x9, y9, wide, bias != null, bias0, bias1);
        if (TR.Value > 10) Store(c + 10 * ldc, x10, y10, wide, bias != null, bias0, bias1);
        if (TR.Value > 11) Store(c + 11 * ldc, x11, y11, wide, bias != null, bias0, bias1);

    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* c, bool wide)
    {
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(c);
        Sse.Prefetch0(c + (wide ? 31 : 15));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> x, Vector512<float> y, bool wide,
        bool addBias, Vector512<float> bias0, Vector512<float> bias1)
    {
        if (addBias)
        {
            x += bias0;
            y += bias1;
        }
        *(Vector512<float>*)c = x;
        if (wide) *(Vector512<float>*)(c + 16) = y;
    }
}
