using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>
/// The book's <c>np.dot</c> under <c>nnfs.init()</c>: operands widened to double, each dot product accumulated in
/// double, the result rounded once to float32.
/// </summary>
/// <remarks>
/// Layout as in <see cref="MatMulReference"/>. Summation order (fixed): every output element is
/// <c>(float)(((0 + A[i,0]·B[0,j]) + A[i,1]·B[1,j]) + … + A[i,k−1]·B[k−1,j])</c>, sequential in k, exactly as
/// <see cref="MatMulExactReference"/>, so the two agree bit for bit. A float·float product is exact in double, so a
/// fused multiply-add in double equals the product followed by the addition. NumPy's BLAS sums in its own order;
/// any order gives the same float32 except in rare double-rounding ties (NNFS-SPEC §1.1, §1.7, §6).
/// Loops: op(B) converted to double once per call into 8-column slivers (k×8, k-major); work is shared out in
/// blocks of <see cref="BlockRows"/> rows, each block's op(A) converted into 6-row slivers (k×6) by the thread that
/// computes it; a 6×8 register tile of <see cref="Vector256{T}"/> accumulators runs over the whole k (k is never
/// split), then is rounded to float32 and stored. Blocks are claimed from a shared counter on the kernel thread
/// pool, and the arithmetic of an element does not depend on which thread computes it, so results are identical for
/// any thread count. Without AVX2/FMA the reference loop is used (same order, same results).
/// </remarks>
[SkipLocalsInit]
internal static unsafe class MatMulExact
{
    private const int Mr = 6;
    private const int Nr = 8;

    /// <summary>Rows per unit of shared work (4 slivers); op(A) for a block stays in L2.</summary>
    internal const int BlockRows = 4 * Mr;

    [ThreadStatic] private static double[]? t_packA;
    [ThreadStatic] private static double[]? t_packB;

    private struct Job
    {
        public bool TransA;
        public int M, N, K, Blocks, Claimed;
        public float* A, C;
        public double* PackB;
    }

    /// <summary><c>C = op(A)·op(B)</c> on <see cref="Engine.Threads"/> threads (row-major, leading dimensions = logical widths).</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c) => Gemm(transA, transB, m, n, k, a, b, c, Engine.Threads);

    /// <summary><c>C = op(A)·op(B)</c> on up to <paramref name="threads"/> threads; the result does not depend on it.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int threads)
    {
        if (m < 0 || n < 0 || k < 0 || a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
            throw new ArgumentException(
                $"GEMM buffers too short for m={m}, n={n}, k={k}: A {a.Length}, B {b.Length}, C {c.Length}.");
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            c[..(m * n)].Clear();
            return;
        }
        if (!Fma.IsSupported || !Avx2.IsSupported)
        {
            MatMulExactReference.Gemm(transA, transB, m, n, k, a, b, c);
            return;
        }
        int slivers = (n + Nr - 1) / Nr;
        long packLength = (long)slivers * Nr * k + 8;
        var packB = t_packB;
        if (packB is null || packB.Length < packLength)
            t_packB = packB = GC.AllocateUninitializedArray<double>(checked((int)packLength), pinned: true);
        fixed (float* pa = a, pb = b, pc = c)
        fixed (double* ppack = packB)
        {
            double* packed = Align(ppack);
            for (int s = 0; s < slivers; s++)
                PackB(transB, pb, n, k, s * Nr, Math.Min(Nr, n - s * Nr), packed + (long)s * Nr * k);
            var job = new Job
            {
                TransA = transA, M = m, N = n, K = k, A = pa, C = pc, PackB = packed,
                Blocks = (m + BlockRows - 1) / BlockRows,
            };
            long work = (long)m * n * k;
            int count = work < MatMulFast.ParallelThreshold ? 1 : Math.Min(Math.Max(threads, 1), job.Blocks);
            KernelThreadPool.Run(count, &Execute, &job);
        }
    }

    private static double* Align(double* p) => (double*)(((nint)p + 63) & ~(nint)63);

    private static void Execute(void* state, int index, int count)
    {
        Job* job = (Job*)state;
        int m = job->M, n = job->N, k = job->K;
        long packLength = (long)BlockRows * k + 8;
        var packAArray = t_packA;
        if (packAArray is null || packAArray.Length < packLength)
            t_packA = packAArray = GC.AllocateUninitializedArray<double>(checked((int)packLength), pinned: true);
        float* tile = stackalloc float[Mr * Nr];
        bool shared = count > 1;
        fixed (double* packAPinned = packAArray)
        {
            double* packA = Align(packAPinned);
            for (int block; (block = shared ? Interlocked.Increment(ref job->Claimed) - 1 : job->Claimed++) < job->Blocks;)
            {
                int i0 = block * BlockRows;
                int rows = Math.Min(BlockRows, m - i0);
                int aSlivers = (rows + Mr - 1) / Mr;
                for (int r = 0; r < aSlivers; r++)
                    PackA(job->TransA, job->A, m, k, i0 + r * Mr, Math.Min(Mr, rows - r * Mr), packA + (long)r * Mr * k);
                for (int j0 = 0; j0 < n; j0 += Nr)
                {
                    int cols = Math.Min(Nr, n - j0);
                    double* bSliver = job->PackB + (long)j0 * k;
                    for (int r = 0; r < aSlivers; r++)
                    {
                        int row0 = i0 + r * Mr;
                        int sliverRows = Math.Min(Mr, m - row0);
                        double* aSliver = packA + (long)r * Mr * k;
                        if (sliverRows == Mr && cols == Nr)
                            Kernel(k, aSliver, bSliver, job->C + (long)row0 * n + j0, n);
                        else
                        {
                            Kernel(k, aSliver, bSliver, tile, Nr);
                            for (int i = 0; i < sliverRows; i++)
                                new ReadOnlySpan<float>(tile + i * Nr, cols).CopyTo(new Span<float>(job->C + (long)(row0 + i) * n + j0, cols));
                        }
                    }
                }
            }
        }
    }

    /// <summary>op(A) rows <c>i0 … i0+rows−1</c> as doubles, k-major: <c>dst[p·6 + r] = op(A)[i0+r, p]</c>, missing rows 0.</summary>
    private static void PackA(bool transA, float* a, int m, int k, int i0, int rows, double* dst)
    {
        if (transA)
        {
            for (int p = 0; p < k; p++, dst += Mr)
            {
                float* src = a + (long)p * m + i0;
                int r = 0;
                for (; r < rows; r++) dst[r] = src[r];
                for (; r < Mr; r++) dst[r] = 0;
            }
            return;
        }
        if (rows < Mr) new Span<double>(dst, Mr * k).Clear();
        for (int r = 0; r < rows; r++)
        {
            float* src = a + (long)(i0 + r) * k;
            double* d = dst + r;
            for (int p = 0; p < k; p++) d[p * Mr] = src[p];
        }
    }

    /// <summary>op(B) columns <c>j0 … j0+cols−1</c> as doubles, k-major: <c>dst[p·8 + c] = op(B)[p, j0+c]</c>, missing columns 0.</summary>
    private static void PackB(bool transB, float* b, int n, int k, int j0, int cols, double* dst)
    {
        if (!transB && cols == Nr)
        {
            for (int p = 0; p < k; p++, dst += Nr)
            {
                float* src = b + (long)p * n + j0;
                Avx.Store(dst, Avx.ConvertToVector256Double(Sse.LoadVector128(src)));
                Avx.Store(dst + 4, Avx.ConvertToVector256Double(Sse.LoadVector128(src + 4)));
            }
            return;
        }
        if (!transB)
        {
            for (int p = 0; p < k; p++, dst += Nr)
            {
                float* src = b + (long)p * n + j0;
                int c = 0;
                for (; c < cols; c++) dst[c] = src[c];
                for (; c < Nr; c++) dst[c] = 0;
            }
            return;
        }
        if (cols < Nr) new Span<double>(dst, Nr * k).Clear();
        for (int c = 0; c < cols; c++)
        {
            float* src = b + (long)(j0 + c) * k;
            double* d = dst + c;
            for (int p = 0; p < k; p++) d[p * Nr] = src[p];
        }
    }

    /// <summary>The 6×8 tile <c>C = Σ_p a[p]·b[p]ᵀ</c> in double, p in order from +0, rounded to float32 and stored with row stride <paramref name="ldc"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(int k, double* a, double* b, float* c, nint ldc)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<double> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < k; p++, a += Mr, b += Nr)
        {
            var b0 = Avx.LoadAlignedVector256(b);
            var b1 = Avx.LoadAlignedVector256(b + 4);
            var x = Avx.BroadcastScalarToVector256(a);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Avx.BroadcastScalarToVector256(a + 1);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Avx.BroadcastScalarToVector256(a + 2);
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Avx.BroadcastScalarToVector256(a + 3);
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Avx.BroadcastScalarToVector256(a + 4);
            c40 = Fma.MultiplyAdd(x, b0, c40);
            c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Avx.BroadcastScalarToVector256(a + 5);
            c50 = Fma.MultiplyAdd(x, b0, c50);
            c51 = Fma.MultiplyAdd(x, b1, c51);
        }
        Store(c, c00, c01);
        Store(c + ldc, c10, c11);
        Store(c + 2 * ldc, c20, c21);
        Store(c + 3 * ldc, c30, c31);
        Store(c + 4 * ldc, c40, c41);
        Store(c + 5 * ldc, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<double> low, Vector256<double> high)
    {
        Sse.Store(c, Avx.ConvertToVector128Single(low));
        Sse.Store(c + 4, Avx.ConvertToVector128Single(high));
    }
}
