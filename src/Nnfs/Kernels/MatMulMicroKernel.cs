using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>A compile-time integer for specialising generic kernels (the JIT folds <see cref="Value"/>).</summary>
internal interface IKernelConstant
{
    /// <summary>The constant.</summary>
    static abstract int Value { get; }
}

internal readonly struct K1 : IKernelConstant { public static int Value => 1; }
internal readonly struct K2 : IKernelConstant { public static int Value => 2; }
internal readonly struct K3 : IKernelConstant { public static int Value => 3; }
internal readonly struct K4 : IKernelConstant { public static int Value => 4; }
internal readonly struct K5 : IKernelConstant { public static int Value => 5; }
internal readonly struct K6 : IKernelConstant { public static int Value => 6; }
internal readonly struct K7 : IKernelConstant { public static int Value => 7; }
internal readonly struct K8 : IKernelConstant { public static int Value => 8; }
internal readonly struct K9 : IKernelConstant { public static int Value => 9; }
internal readonly struct K10 : IKernelConstant { public static int Value => 10; }
internal readonly struct K11 : IKernelConstant { public static int Value => 11; }
internal readonly struct K12 : IKernelConstant { public static int Value => 12; }

/// <summary>Where the micro-kernel finds element (row r, depth p) of its A sliver (a compile-time choice).</summary>
internal unsafe interface IASliver
{
    /// <summary>Element (row <paramref name="r"/>, depth <paramref name="p"/>) of the sliver starting at <paramref name="a"/>.</summary>
    static abstract float Get(float* a, nint stride, int r, int p);

    /// <summary>The sliver's start after <paramref name="steps"/> steps of depth.</summary>
    static abstract float* Advance(float* a, nint stride, int steps);
}

/// <summary>Depth-major sliver, element (r, p) at <c>a[p·stride + r]</c>: a packed sliver (stride = its rows), or op(A) = Aᵀ read in place (stride = m).</summary>
internal readonly unsafe struct DepthMajor : IASliver
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Get(float* a, nint stride, int r, int p) => a[p * stride + r];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float* Advance(float* a, nint stride, int steps) => a + steps * stride;
}

/// <summary>Row-major sliver, element (r, p) at <c>a[r·stride + p]</c>: A read in place (stride = k).</summary>
internal readonly unsafe struct RowMajor : IASliver
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Get(float* a, nint stride, int r, int p) => a[r * stride + p];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float* Advance(float* a, nint stride, int steps) => a + steps;
}

/// <summary>
/// The register-tiled micro-kernel: an R×8 or R×16 block of C (R ≤ 6) from an A sliver (R rows × k, depth-major
/// or row-major, see <see cref="IASliver"/>) and a packed B sliver (k × 8 or k × 16), with one 256-bit FMA per 8
/// outputs per step of k. Twelve accumulators, two B vectors and one broadcast fill the 16 AVX2 registers.
/// </summary>
/// <remarks>
/// Each output is <c>acc = fma(a[p], b[p], acc)</c> for p = 0…kc−1 from acc = 0 (first k block) or from acc = C
/// (later k blocks: the chain goes on from the partial sum the previous block stored, a float, so nothing is lost),
/// then stored, with <c>+ bias</c> when a bias row is given (last k block). So every output is one chain of fused
/// multiply-adds over all of k in increasing order, whatever the tile shape, the A layout, the k blocking (and so
/// the plan), the thread count or the tier.
/// Vectors are loaded and stored through the pointer (unaligned, as <c>Vector256.Load</c>/<c>Store</c>): in the
/// ReadyToRun image the CLI carries, those two are calls (vectors passed through memory), which made the
/// precompiled kernel ~4× slower than the JIT's.
/// </remarks>
[SkipLocalsInit]
internal static unsafe class MatMulMicroKernel
{
    /// <summary>The most rows a kernel computes.</summary>
    public const int MaxRows = 6;

    /// <summary>Columns of the wide kernel (two 256-bit vectors).</summary>
    public const int Width = 16;

    /// <summary>Kernels on depth-major A slivers, indexed by <see cref="Index"/>.</summary>
    public static readonly delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] DepthMajorTable = Build<DepthMajor>();

    /// <summary>Kernels on row-major A slivers, indexed by <see cref="Index"/>.</summary>
    public static readonly delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] RowMajorTable = Build<RowMajor>();

    /// <summary>
    /// The kernels of <paramref name="tier"/> on depth-major (<paramref name="depthMajor"/>) or row-major A slivers,
    /// indexed by <see cref="Index"/>: <see cref="MatMulTile512"/>'s for <see cref="IsaTier.Vector512"/> (up to
    /// 12 × 32, see <see cref="TileRows"/> and <see cref="TileWidth"/>), this class's 256-bit kernels for
    /// <see cref="IsaTier.Vector256"/>, else <see cref="MatMulTierKernel"/>'s (the same outputs bit for bit).
    /// </summary>
    public static delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] Table(IsaTier tier, bool depthMajor) => tier switch
    {
        IsaTier.Vector512 => depthMajor ? MatMulTile512.DepthMajorTable : MatMulTile512.RowMajorTable,
        IsaTier.Vector256 => depthMajor ? DepthMajorTable : RowMajorTable,
        IsaTier.Vector128 => depthMajor ? s_depth128 : s_row128,
        IsaTier.Vector128Unfused => depthMajor ? s_depth128Unfused : s_row128Unfused,
        _ => depthMajor ? s_depthScalar : s_rowScalar,
    };

    /// <summary>The most rows of <paramref name="tier"/>'s kernels (the rows of a full row sliver).</summary>
    public static int TileRows(IsaTier tier) => tier == IsaTier.Vector512 ? MatMulTile512.MaxRows : MaxRows;

    /// <summary>Columns of <paramref name="tier"/>'s wide kernel (the width of a full B sliver); the narrow kernel has half.</summary>
    public static int TileWidth(IsaTier tier) => tier == IsaTier.Vector512 ? MatMulTile512.Width : Width;

    private static readonly delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] s_depth128 = BuildLanes<DepthMajor, Lanes128, K4, Lanes128, K2>();
    private static readonly delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] s_row128 = BuildLanes<RowMajor, Lanes128, K4, Lanes128, K2>();
    private static readonly delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] s_depth128Unfused = BuildLanes<DepthMajor, Lanes128Unfused, K4, Lanes128Unfused, K2>();
    private static readonly delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] s_row128Unfused = BuildLanes<RowMajor, Lanes128Unfused, K4, Lanes128Unfused, K2>();
    private static readonly delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] s_depthScalar = BuildScalar<DepthMajor>();
    private static readonly delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] s_rowScalar = BuildScalar<RowMajor>();

    // Wide (16 columns): TVW vectors of TLW per row; narrow (8 columns): TVN of TLN.
    private static delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] BuildLanes<TA, TLW, TVW, TLN, TVN>()
        where TA : struct, IASliver
        where TLW : unmanaged, ILanes<TLW>
        where TVW : struct, IKernelConstant
        where TLN : unmanaged, ILanes<TLN>
        where TVN : struct, IKernelConstant
    {
        var t = new delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[14];
        t[2] = &MatMulTierKernel.Run<TA, K1, TLN, TVN>;
        t[3] = &MatMulTierKernel.Run<TA, K1, TLW, TVW>;
        t[4] = &MatMulTierKernel.Run<TA, K2, TLN, TVN>;
        t[5] = &MatMulTierKernel.Run<TA, K2, TLW, TVW>;
        t[6] = &MatMulTierKernel.Run<TA, K3, TLN, TVN>;
        t[7] = &MatMulTierKernel.Run<TA, K3, TLW, TVW>;
        t[8] = &MatMulTierKernel.Run<TA, K4, TLN, TVN>;
        t[9] = &MatMulTierKernel.Run<TA, K4, TLW, TVW>;
        t[10] = &MatMulTierKernel.Run<TA, K5, TLN, TVN>;
        t[11] = &MatMulTierKernel.Run<TA, K5, TLW, TVW>;
        t[12] = &MatMulTierKernel.Run<TA, K6, TLN, TVN>;
        t[13] = &MatMulTierKernel.Run<TA, K6, TLW, TVW>;
        return t;
    }

    private static delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] BuildScalar<TA>() where TA : struct, IASliver
    {
        var t = new delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[14];
        t[2] = &MatMulTierKernel.RunScalar<TA, K1, K1>;
        t[3] = &MatMulTierKernel.RunScalar<TA, K1, K2>;
        t[4] = &MatMulTierKernel.RunScalar<TA, K2, K1>;
        t[5] = &MatMulTierKernel.RunScalar<TA, K2, K2>;
        t[6] = &MatMulTierKernel.RunScalar<TA, K3, K1>;
        t[7] = &MatMulTierKernel.RunScalar<TA, K3, K2>;
        t[8] = &MatMulTierKernel.RunScalar<TA, K4, K1>;
        t[9] = &MatMulTierKernel.RunScalar<TA, K4, K2>;
        t[10] = &MatMulTierKernel.RunScalar<TA, K5, K1>;
        t[11] = &MatMulTierKernel.RunScalar<TA, K5, K2>;
        t[12] = &MatMulTierKernel.RunScalar<TA, K6, K1>;
        t[13] = &MatMulTierKernel.RunScalar<TA, K6, K2>;
        return t;
    }

    /// <summary>Table index of the kernel for <paramref name="rows"/> rows (1…<see cref="TileRows"/>), the wide kernel if <paramref name="wide"/> else the narrow one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Index(int rows, bool wide) => rows * 2 + (wide ? 1 : 0);

    private static delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[] Build<TA>()
        where TA : struct, IASliver
    {
        var t = new delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void>[14];
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
        return t;
    }

    /// <summary>
    /// C[r, j] (r &lt; R, j &lt; 8·W) = the FMA chain Σ_p A(r, p)·b[p·ldb + j] starting from (accumulate ? C[r, j] : 0)
    /// (+ bias[j]), A(r, p) as <typeparamref name="TA"/> places it with <paramref name="stride"/>; B's rows are
    /// <paramref name="ldb"/> floats apart (8·W for a packed sliver, B's row length when it is read in place).
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
        Vector256<float> x0=default, y0=default, x1=default, y1=default, x2=default, y2=default, x3=default, y3=default, x4=default, y4=default, x5=default, y5=default;
        if (accumulate)
        {
            // The chain goes on from the partial sum stored by the previous k block (float, so nothing is lost).
            if (TR.Value > 0) { x0 = *(Vector256<float>*)c; if (wide) y0 = *(Vector256<float>*)(c + 8); }
            if (TR.Value > 1) { x1 = *(Vector256<float>*)(c + ldc); if (wide) y1 = *(Vector256<float>*)(c + ldc + 8); }
            if (TR.Value > 2) { x2 = *(Vector256<float>*)(c + 2 * ldc); if (wide) y2 = *(Vector256<float>*)(c + 2 * ldc + 8); }
            if (TR.Value > 3) { x3 = *(Vector256<float>*)(c + 3 * ldc); if (wide) y3 = *(Vector256<float>*)(c + 3 * ldc + 8); }
            if (TR.Value > 4) { x4 = *(Vector256<float>*)(c + 4 * ldc); if (wide) y4 = *(Vector256<float>*)(c + 4 * ldc + 8); }
            if (TR.Value > 5) { x5 = *(Vector256<float>*)(c + 5 * ldc); if (wide) y5 = *(Vector256<float>*)(c + 5 * ldc + 8); }
        }
        int p = 0;
        for (; p + 4 <= kc; p += 4)
        {
            Vector256<float> b0_0 = *(Vector256<float>*)b;
            Vector256<float> b1_0 = wide ? *(Vector256<float>*)(b + 8) : default;
            if (TR.Value > 0)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 0, 0));
                x0 = Vector256.FusedMultiplyAdd(s, b0_0, x0);
                if (wide) y0 = Vector256.FusedMultiplyAdd(s, b1_0, y0);
            }
            if (TR.Value > 1)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 1, 0));
                x1 = Vector256.FusedMultiplyAdd(s, b0_0, x1);
                if (wide) y1 = Vector256.FusedMultiplyAdd(s, b1_0, y1);
            }
            if (TR.Value > 2)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 2, 0));
                x2 = Vector256.FusedMultiplyAdd(s, b0_0, x2);
                if (wide) y2 = Vector256.FusedMultiplyAdd(s, b1_0, y2);
            }
            if (TR.Value > 3)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 3, 0));
                x3 = Vector256.FusedMultiplyAdd(s, b0_0, x3);
                if (wide) y3 = Vector256.FusedMultiplyAdd(s, b1_0, y3);
            }
            if (TR.Value > 4)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 4, 0));
                x4 = Vector256.FusedMultiplyAdd(s, b0_0, x4);
                if (wide) y4 = Vector256.FusedMultiplyAdd(s, b1_0, y4);
            }
            if (TR.Value > 5)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 5, 0));
                x5 = Vector256.FusedMultiplyAdd(s, b0_0, x5);
                if (wide) y5 = Vector256.FusedMultiplyAdd(s, b1_0, y5);
            }
            Vector256<float> b0_1 = *(Vector256<float>*)(b + ldb);
            Vector256<float> b1_1 = wide ? *(Vector256<float>*)(b + ldb + 8) : default;
            if (TR.Value > 0)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 0, 1));
                x0 = Vector256.FusedMultiplyAdd(s, b0_1, x0);
                if (wide) y0 = Vector256.FusedMultiplyAdd(s, b1_1, y0);
            }
            if (TR.Value > 1)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 1, 1));
                x1 = Vector256.FusedMultiplyAdd(s, b0_1, x1);
                if (wide) y1 = Vector256.FusedMultiplyAdd(s, b1_1, y1);
            }
            if (TR.Value > 2)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 2, 1));
                x2 = Vector256.FusedMultiplyAdd(s, b0_1, x2);
                if (wide) y2 = Vector256.FusedMultiplyAdd(s, b1_1, y2);
            }
            if (TR.Value > 3)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 3, 1));
                x3 = Vector256.FusedMultiplyAdd(s, b0_1, x3);
                if (wide) y3 = Vector256.FusedMultiplyAdd(s, b1_1, y3);
            }
            if (TR.Value > 4)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 4, 1));
                x4 = Vector256.FusedMultiplyAdd(s, b0_1, x4);
                if (wide) y4 = Vector256.FusedMultiplyAdd(s, b1_1, y4);
            }
            if (TR.Value > 5)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 5, 1));
                x5 = Vector256.FusedMultiplyAdd(s, b0_1, x5);
                if (wide) y5 = Vector256.FusedMultiplyAdd(s, b1_1, y5);
            }
            Vector256<float> b0_2 = *(Vector256<float>*)(b + 2 * ldb);
            Vector256<float> b1_2 = wide ? *(Vector256<float>*)(b + 2 * ldb + 8) : default;
            if (TR.Value > 0)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 0, 2));
                x0 = Vector256.FusedMultiplyAdd(s, b0_2, x0);
                if (wide) y0 = Vector256.FusedMultiplyAdd(s, b1_2, y0);
            }
            if (TR.Value > 1)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 1, 2));
                x1 = Vector256.FusedMultiplyAdd(s, b0_2, x1);
                if (wide) y1 = Vector256.FusedMultiplyAdd(s, b1_2, y1);
            }
            if (TR.Value > 2)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 2, 2));
                x2 = Vector256.FusedMultiplyAdd(s, b0_2, x2);
                if (wide) y2 = Vector256.FusedMultiplyAdd(s, b1_2, y2);
            }
            if (TR.Value > 3)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 3, 2));
                x3 = Vector256.FusedMultiplyAdd(s, b0_2, x3);
                if (wide) y3 = Vector256.FusedMultiplyAdd(s, b1_2, y3);
            }
            if (TR.Value > 4)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 4, 2));
                x4 = Vector256.FusedMultiplyAdd(s, b0_2, x4);
                if (wide) y4 = Vector256.FusedMultiplyAdd(s, b1_2, y4);
            }
            if (TR.Value > 5)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 5, 2));
                x5 = Vector256.FusedMultiplyAdd(s, b0_2, x5);
                if (wide) y5 = Vector256.FusedMultiplyAdd(s, b1_2, y5);
            }
            Vector256<float> b0_3 = *(Vector256<float>*)(b + 3 * ldb);
            Vector256<float> b1_3 = wide ? *(Vector256<float>*)(b + 3 * ldb + 8) : default;
            if (TR.Value > 0)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 0, 3));
                x0 = Vector256.FusedMultiplyAdd(s, b0_3, x0);
                if (wide) y0 = Vector256.FusedMultiplyAdd(s, b1_3, y0);
            }
            if (TR.Value > 1)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 1, 3));
                x1 = Vector256.FusedMultiplyAdd(s, b0_3, x1);
                if (wide) y1 = Vector256.FusedMultiplyAdd(s, b1_3, y1);
            }
            if (TR.Value > 2)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 2, 3));
                x2 = Vector256.FusedMultiplyAdd(s, b0_3, x2);
                if (wide) y2 = Vector256.FusedMultiplyAdd(s, b1_3, y2);
            }
            if (TR.Value > 3)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 3, 3));
                x3 = Vector256.FusedMultiplyAdd(s, b0_3, x3);
                if (wide) y3 = Vector256.FusedMultiplyAdd(s, b1_3, y3);
            }
            if (TR.Value > 4)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 4, 3));
                x4 = Vector256.FusedMultiplyAdd(s, b0_3, x4);
                if (wide) y4 = Vector256.FusedMultiplyAdd(s, b1_3, y4);
            }
            if (TR.Value > 5)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 5, 3));
                x5 = Vector256.FusedMultiplyAdd(s, b0_3, x5);
                if (wide) y5 = Vector256.FusedMultiplyAdd(s, b1_3, y5);
            }
            a = TA.Advance(a, stride, 4);
            b += 4 * ldb;
        }
        for (; p < kc; p++)
        {
            Vector256<float> b0_0 = *(Vector256<float>*)b;
            Vector256<float> b1_0 = wide ? *(Vector256<float>*)(b + 8) : default;
            if (TR.Value > 0)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 0, 0));
                x0 = Vector256.FusedMultiplyAdd(s, b0_0, x0);
                if (wide) y0 = Vector256.FusedMultiplyAdd(s, b1_0, y0);
            }
            if (TR.Value > 1)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 1, 0));
                x1 = Vector256.FusedMultiplyAdd(s, b0_0, x1);
                if (wide) y1 = Vector256.FusedMultiplyAdd(s, b1_0, y1);
            }
            if (TR.Value > 2)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 2, 0));
                x2 = Vector256.FusedMultiplyAdd(s, b0_0, x2);
                if (wide) y2 = Vector256.FusedMultiplyAdd(s, b1_0, y2);
            }
            if (TR.Value > 3)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 3, 0));
                x3 = Vector256.FusedMultiplyAdd(s, b0_0, x3);
                if (wide) y3 = Vector256.FusedMultiplyAdd(s, b1_0, y3);
            }
            if (TR.Value > 4)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 4, 0));
                x4 = Vector256.FusedMultiplyAdd(s, b0_0, x4);
                if (wide) y4 = Vector256.FusedMultiplyAdd(s, b1_0, y4);
            }
            if (TR.Value > 5)
            {
                Vector256<float> s = Vector256.Create(TA.Get(a, stride, 5, 0));
                x5 = Vector256.FusedMultiplyAdd(s, b0_0, x5);
                if (wide) y5 = Vector256.FusedMultiplyAdd(s, b1_0, y5);
            }
            a = TA.Advance(a, stride, 1);
            b += ldb;
        }
        Vector256<float> bias0 = default, bias1 = default;
        if (bias != null)
        {
            bias0 = *(Vector256<float>*)bias;
            if (wide) bias1 = *(Vector256<float>*)(bias + 8);
        }
        if (TR.Value > 0) Store(c + 0 * ldc, x0, y0, wide, bias != null, bias0, bias1);
        if (TR.Value > 1) Store(c + 1 * ldc, x1, y1, wide, bias != null, bias0, bias1);
        if (TR.Value > 2) Store(c + 2 * ldc, x2, y2, wide, bias != null, bias0, bias1);
        if (TR.Value > 3) Store(c + 3 * ldc, x3, y3, wide, bias != null, bias0, bias1);
        if (TR.Value > 4) Store(c + 4 * ldc, x4, y4, wide, bias != null, bias0, bias1);
        if (TR.Value > 5) Store(c + 5 * ldc, x5, y5, wide, bias != null, bias0, bias1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(float* c, bool wide)
    {
        if (!Sse.IsSupported) return;
        Sse.Prefetch0(c);
        Sse.Prefetch0(c + (wide ? 15 : 7));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> x, Vector256<float> y, bool wide,
        bool addBias, Vector256<float> bias0, Vector256<float> bias1)
    {
        if (addBias)
        {
            x += bias0;
            y += bias1;
        }
        *(Vector256<float>*)c = x;
        if (wide) *(Vector256<float>*)(c + 8) = y;
    }
}
