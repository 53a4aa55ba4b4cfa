using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// <see cref="MatMulMicroKernel"/>'s register tile in the 128-bit and scalar tiers: R×8 or R×16 outputs (R ≤ 6) held
/// in vectors of <see cref="ILanes{TSelf}"/> (four or two <see cref="Lanes128"/> per row), or in a small array in the
/// scalar tier. (The 512-bit tier has its own wider tile, <see cref="MatMulTile512"/>.)
/// </summary>
/// <remarks>
/// Each output is the same sequence as in the 256-bit kernel: <c>acc = fma(a[p], b[p], acc)</c> for p = 0…kc−1
/// from 0, or from C when accumulating (a later k block), then <c>+ bias</c>; so every tier computes every output of
/// the packed kernel with the same operations, and its results equal the 256-bit tier's bit for bit.
/// </remarks>
[SkipLocalsInit]
internal static unsafe class MatMulTierKernel
{
    /// <summary>
    /// C[r, j] (r &lt; R, j &lt; V·w, w = <typeparamref name="TL"/>'s lanes) = the FMA chain Σ_p A(r, p)·b[p·ldb + j]
    /// starting from (accumulate ? C[r, j] : 0) (+ bias[j]); B's rows are <paramref name="ldb"/> floats apart (V·w for a
    /// packed sliver, B's row length when it is read in place).
    /// </summary>
    [HotLoop]
    public static void Run<TA, TR, TL, TV>(int kc, float* a, nint stride, float* b, nint ldb, float* c, nint ldc, bool accumulate, float* bias)
        where TA : struct, IASliver
        where TR : struct, IKernelConstant
        where TL : unmanaged, ILanes<TL>
        where TV : struct, IKernelConstant
    {
        int w = TL.Count;
        TL z = TL.Create(0f);
        TL a00 = z, a01 = z, a02 = z, a03 = z;
        TL a10 = z, a11 = z, a12 = z, a13 = z;
        TL a20 = z, a21 = z, a22 = z, a23 = z;
        TL a30 = z, a31 = z, a32 = z, a33 = z;
        TL a40 = z, a41 = z, a42 = z, a43 = z;
        TL a50 = z, a51 = z, a52 = z, a53 = z;
        if (accumulate)
        {
            if (TR.Value > 0)
            {
                a00 = TL.Load(c + 0 * ldc);
                if (TV.Value > 1) a01 = TL.Load(c + 0 * ldc + w);
                if (TV.Value > 2) a02 = TL.Load(c + 0 * ldc + 2 * w);
                if (TV.Value > 3) a03 = TL.Load(c + 0 * ldc + 3 * w);
            }
            if (TR.Value > 1)
            {
                a10 = TL.Load(c + 1 * ldc);
                if (TV.Value > 1) a11 = TL.Load(c + 1 * ldc + w);
                if (TV.Value > 2) a12 = TL.Load(c + 1 * ldc + 2 * w);
                if (TV.Value > 3) a13 = TL.Load(c + 1 * ldc + 3 * w);
            }
            if (TR.Value > 2)
            {
                a20 = TL.Load(c + 2 * ldc);
                if (TV.Value > 1) a21 = TL.Load(c + 2 * ldc + w);
                if (TV.Value > 2) a22 = TL.Load(c + 2 * ldc + 2 * w);
                if (TV.Value > 3) a23 = TL.Load(c + 2 * ldc + 3 * w);
            }
            if (TR.Value > 3)
            {
                a30 = TL.Load(c + 3 * ldc);
                if (TV.Value > 1) a31 = TL.Load(c + 3 * ldc + w);
                if (TV.Value > 2) a32 = TL.Load(c + 3 * ldc + 2 * w);
                if (TV.Value > 3) a33 = TL.Load(c + 3 * ldc + 3 * w);
            }
            if (TR.Value > 4)
            {
                a40 = TL.Load(c + 4 * ldc);
                if (TV.Value > 1) a41 = TL.Load(c + 4 * ldc + w);
                if (TV.Value > 2) a42 = TL.Load(c + 4 * ldc + 2 * w);
                if (TV.Value > 3) a43 = TL.Load(c + 4 * ldc + 3 * w);
            }
            if (TR.Value > 5)
            {
                a50 = TL.Load(c + 5 * ldc);
                if (TV.Value > 1) a51 = TL.Load(c + 5 * ldc + w);
                if (TV.Value > 2) a52 = TL.Load(c + 5 * ldc + 2 * w);
                if (TV.Value > 3) a53 = TL.Load(c + 5 * ldc + 3 * w);
            }
        }
        for (int p = 0; p < kc; p++)
        {
            TL b0 = TL.Load(b);
            TL b1 = TV.Value > 1 ? TL.Load(b + w) : z;
            TL b2 = TV.Value > 2 ? TL.Load(b + 2 * w) : z;
            TL b3 = TV.Value > 3 ? TL.Load(b + 3 * w) : z;
            if (TR.Value > 0)
            {
                TL s = TL.Create(TA.Get(a, stride, 0, 0));
                a00 = TL.MultiplyAdd(s, b0, a00);
                if (TV.Value > 1) a01 = TL.MultiplyAdd(s, b1, a01);
                if (TV.Value > 2) a02 = TL.MultiplyAdd(s, b2, a02);
                if (TV.Value > 3) a03 = TL.MultiplyAdd(s, b3, a03);
            }
            if (TR.Value > 1)
            {
                TL s = TL.Create(TA.Get(a, stride, 1, 0));
                a10 = TL.MultiplyAdd(s, b0, a10);
                if (TV.Value > 1) a11 = TL.MultiplyAdd(s, b1, a11);
                if (TV.Value > 2) a12 = TL.MultiplyAdd(s, b2, a12);
                if (TV.Value > 3) a13 = TL.MultiplyAdd(s, b3, a13);
            }
            if (TR.Value > 2)
            {
                TL s = TL.Create(TA.Get(a, stride, 2, 0));
                a20 = TL.MultiplyAdd(s, b0, a20);
                if (TV.Value > 1) a21 = TL.MultiplyAdd(s, b1, a21);
                if (TV.Value > 2) a22 = TL.MultiplyAdd(s, b2, a22);
                if (TV.Value > 3) a23 = TL.MultiplyAdd(s, b3, a23);
            }
            if (TR.Value > 3)
            {
                TL s = TL.Create(TA.Get(a, stride, 3, 0));
                a30 = TL.MultiplyAdd(s, b0, a30);
                if (TV.Value > 1) a31 = TL.MultiplyAdd(s, b1, a31);
                if (TV.Value > 2) a32 = TL.MultiplyAdd(s, b2, a32);
                if (TV.Value > 3) a33 = TL.MultiplyAdd(s, b3, a33);
            }
            if (TR.Value > 4)
            {
                TL s = TL.Create(TA.Get(a, stride, 4, 0));
                a40 = TL.MultiplyAdd(s, b0, a40);
                if (TV.Value > 1) a41 = TL.MultiplyAdd(s, b1, a41);
                if (TV.Value > 2) a42 = TL.MultiplyAdd(s, b2, a42);
                if (TV.Value > 3) a43 = TL.MultiplyAdd(s, b3, a43);
            }
            if (TR.Value > 5)
            {
                TL s = TL.Create(TA.Get(a, stride, 5, 0));
                a50 = TL.MultiplyAdd(s, b0, a50);
                if (TV.Value > 1) a51 = TL.MultiplyAdd(s, b1, a51);
                if (TV.Value > 2) a52 = TL.MultiplyAdd(s, b2, a52);
                if (TV.Value > 3) a53 = TL.MultiplyAdd(s, b3, a53);
            }
            a = TA.Advance(a, stride, 1);
            b += ldb;
        }
        if (TR.Value > 0) StoreRow<TL, TV>(c + 0 * ldc, a00, a01, a02, a03, bias);
        if (TR.Value > 1) StoreRow<TL, TV>(c + 1 * ldc, a10, a11, a12, a13, bias);
        if (TR.Value > 2) StoreRow<TL, TV>(c + 2 * ldc, a20, a21, a22, a23, bias);
        if (TR.Value > 3) StoreRow<TL, TV>(c + 3 * ldc, a30, a31, a32, a33, bias);
        if (TR.Value > 4) StoreRow<TL, TV>(c + 4 * ldc, a40, a41, a42, a43, bias);
        if (TR.Value > 5) StoreRow<TL, TV>(c + 5 * ldc, a50, a51, a52, a53, bias);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TL, TV>(float* c, TL x0, TL x1, TL x2, TL x3, float* bias)
        where TL : unmanaged, ILanes<TL>
        where TV : struct, IKernelConstant
    {
        int w = TL.Count;
        StoreOne(c, x0, bias);
        if (TV.Value > 1) StoreOne(c + w, x1, bias == null ? null : bias + w);
        if (TV.Value > 2) StoreOne(c + 2 * w, x2, bias == null ? null : bias + 2 * w);
        if (TV.Value > 3) StoreOne(c + 3 * w, x3, bias == null ? null : bias + 3 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreOne<TL>(float* c, TL x, float* bias) where TL : unmanaged, ILanes<TL>
    {
        if (bias != null) x += TL.Load(bias);
        TL.Store(c, x);
    }

    /// <summary>The scalar tier's kernel: the same outputs as <see cref="Run{TA, TR, TL, TV}"/> for 8·W columns,
    /// one float at a time (<see cref="MathF.FusedMultiplyAdd"/>), the accumulators in a stack array.</summary>
    [HotLoop]
    public static void RunScalar<TA, TR, TW>(int kc, float* a, nint stride, float* b, nint ldb, float* c, nint ldc, bool accumulate, float* bias)
        where TA : struct, IASliver
        where TR : struct, IKernelConstant
        where TW : struct, IKernelConstant
    {
        int cols = 8 * TW.Value;
        float* acc = stackalloc float[MatMulMicroKernel.MaxRows * MatMulMicroKernel.Width];
        for (int r = 0; r < TR.Value; r++)
            for (int j = 0; j < cols; j++) acc[r * cols + j] = accumulate ? c[r * ldc + j] : 0f;
        for (int p = 0; p < kc; p++, b += ldb)
            for (int r = 0; r < TR.Value; r++)
            {
                float s = TA.Get(a, stride, r, p);
                float* row = acc + r * cols;
                for (int j = 0; j < cols; j++) row[j] = MathF.FusedMultiplyAdd(s, b[j], row[j]);
            }
        for (int r = 0; r < TR.Value; r++)
            for (int j = 0; j < cols; j++)
            {
                float x = acc[r * cols + j];
                if (bias != null) x += bias[j];
                c[r * ldc + j] = x;
            }
    }
}
