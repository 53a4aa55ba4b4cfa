using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>
/// The book's <c>np.dot</c> under <c>nnfs.init()</c>: operands widened to double, each dot product accumulated in
/// double, the result rounded once to float32.
/// </summary>
/// <remarks>
/// <para>Layout as in <see cref="MatMulReference"/>. Summation order (fixed): every output element is
/// <c>(float)(((0 + A[i,0]·B[0,j]) + A[i,1]·B[1,j]) + … + A[i,k−1]·B[k−1,j])</c>, sequential in k, exactly as
/// <see cref="MatMulExactReference"/>, so the two agree bit for bit. A float·float product is exact in double, so a
/// fused multiply-add in double equals the product followed by the addition. NumPy's BLAS sums in its own order;
/// any order gives the same float32 except in rare double-rounding ties (docs/numerics.md, "Matrix products").</para>
/// <para>Loops: k is cut into blocks of at most <see cref="MaxBlockK"/>, taken in order; between blocks each
/// element's partial sum waits in a double scratch tile, so the order above is kept. The rows of op(A) are dealt
/// out in panels of at most <see cref="MaxPanelRows"/>, each converted block by block into 4-row double slivers by
/// the thread computing it. op(B) is copied once per call into 8-column float32 slivers (k-major within each depth
/// block) by the first thread to need each one, and the kernel widens them to double as it loads them (no slower
/// than loading packed doubles, since the FMA pipes are the limit, and the copy writes half the bytes); threads
/// start at different slivers, and one that finds a sliver still being copied by another makes a private copy
/// instead of waiting (on a busy machine the other thread may be descheduled). A 4×8 register tile of
/// <see cref="Vector256{T}"/> accumulators (eight independent FMA chains, enough to cover the FMA latency on two
/// pipes) runs over one depth block, one kernel call per column of tiles of a panel. A narrow product such as
/// 128×10 is computed as its transpose, whose 4-row slivers pad fewer lanes (<see cref="Transposes"/>); its tiles go
/// back to C in 4×4 transposed blocks, and in the 512-bit form a last sliver of one or two rows runs half the tile. Work is
/// claimed from shared counters on the kernel thread pool, and an element's arithmetic does not depend on which
/// thread computes it or on the panel size, so results are identical for any thread count.</para>
/// <para>Per tier (<see cref="Engine.Tier"/>, <see cref="FormOf"/>): the 256-bit tier runs the 4×8 tile above with AVX2
/// and FMA instructions; the 512-bit tier a 4×32 tile of <see cref="Vector512{T}"/> (four a row, sixteen chains, with
/// 32-column op(B) slivers and depth blocks of at most <see cref="MaxBlockK512"/>); the 128-bit tier a 4×8 tile of
/// <see cref="Vector128{T}"/> (four a row, sixteen chains). Every form gives each element the order above, so all tiers
/// give the same bits as the reference; the scalar tier, and the 256-bit tier without AVX2/FMA, run the reference
/// loop itself.</para>
/// </remarks>
[SkipLocalsInit]
internal static unsafe class MatMulExact
{
    private const int Mr = 4;
    private const int Nr = 8;

    /// <summary>Columns of the 512-bit form's op(B) slivers: four <see cref="Vector512{T}"/> of doubles a row.</summary>
    private const int Nr512 = 32;

    // The largest tile (4×32), for the stack buffer of the ragged edges.
    private const int MaxTile = Mr * Nr512;

    /// <summary>Largest depth block: a 4-row double sliver of op(A) and an 8-column float32 sliver of op(B) (12.5 KiB
    /// each at 400) stay in L1 together; 784 is cut in two blocks of 392.</summary>
    internal const int MaxBlockK = 400;

    /// <summary>Largest depth block of the 512-bit form, whose op(B) slivers are four times as wide: a 32-column
    /// float32 sliver (25 KiB at 200) and a 4-row double sliver (6.3 KiB) stay in L1; 784 is cut in four blocks of 196.</summary>
    internal const int MaxBlockK512 = 200;

    /// <summary>The register tile a call runs: each gives every element the same operations in the same order.</summary>
    internal enum TileForm
    {
        /// <summary>4×8, two <see cref="Vector256{T}"/> of doubles a row, AVX2 and FMA instructions (the 256-bit tier).</summary>
        Avx4x8,

        /// <summary>4×32, four <see cref="Vector512{T}"/> of doubles a row (the 512-bit tier).</summary>
        Vector512Tile,

        /// <summary>4×8, four <see cref="Vector128{T}"/> of doubles a row (the 128-bit tier: NEON, WebAssembly SIMD, SSE).</summary>
        Vector128Tile,
    }

    /// <summary>Largest row panel, the unit of shared work: its op(A) block (200 KiB at 64 × 400) stays in L2.</summary>
    internal const int MaxPanelRows = 64;

    [ThreadStatic] private static double[]? t_packA;
    [ThreadStatic] private static float[]? t_packB;
    [ThreadStatic] private static double[]? t_scratch;
    [ThreadStatic] private static int[]? t_packStates;

    private const int Unpacked = 0, Packing = 1, Packed = 2;

    private struct Job
    {
        public bool TransA, TransB, TransC, PrivatePacking;
        public TileForm Form;
        public int M, N, K, Nr, Tile, BlockK, KBlocks, BSlivers, PanelRows, Panels;
        public float* A, B, C, Bias;
        public float* PackB;
        public int* PackStates;
        public int PanelClaimed;
    }

    /// <summary><c>C = op(A)·op(B)</c> on <see cref="Engine.Threads"/> threads (row-major, leading dimensions = logical widths).</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c) => Gemm(transA, transB, m, n, k, a, b, c, Engine.Threads);

    /// <summary><c>C = op(A)·op(B)</c> on up to <paramref name="threads"/> threads; the result does not depend on it.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int threads) =>
        Gemm(transA, transB, m, n, k, a, b, default, c, threads);

    /// <summary>
    /// <c>C = op(A)·op(B) + bias</c> (NumPy's <c>np.dot(A, B) + biases</c>): each element's dot product rounded to
    /// float32 first, then the float32 <c>bias[j]</c> added in float32. An empty <paramref name="bias"/> adds nothing.
    /// </summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int threads) =>
        Gemm(transA, transB, m, n, k, a, b, bias, c, threads, privatePacking: false);

    /// <summary>
    /// As the overload above; with <paramref name="privatePacking"/> every thread treats every op(B) sliver as being
    /// copied by another thread and makes a private copy, the never-block branch a busy machine takes at random, so
    /// that tests can force it.
    /// </summary>
    internal static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int threads, bool privatePacking)
    {
        if (m < 0 || n < 0 || k < 0 || a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n
            || (!bias.IsEmpty && bias.Length < n))
            throw new ArgumentException(
                $"GEMM buffers too short for m={m}, n={n}, k={k}: A {a.Length}, B {b.Length}, bias {bias.Length}, C {c.Length}.");
        if (m == 0 || n == 0) return;
        // The scalar tier, and the 256-bit tier without AVX2 and FMA, take the plain loop: the same bits (each element
        // summed in double in increasing k).
        var form = FormOf(Engine.Tier);
        if (k == 0 || form is null)
        {
            if (k == 0) c[..(m * n)].Clear();
            else MatMulExactReference.Gemm(transA, transB, m, n, k, a, b, c);
            if (!bias.IsEmpty)
                for (int i = 0; i < m; i++)
                {
                    var row = c.Slice(i * n, n);
                    for (int j = 0; j < n; j++) row[j] += bias[j];
                }
            return;
        }
        int nr = form == TileForm.Vector512Tile ? Nr512 : Nr;
        bool transC = Transposes(m, n, nr);
        if (transC)
        {
            // Cᵀ = op(B)ᵀ·op(A)ᵀ: the same dot products, each in the same order.
            (transA, transB) = (!transB, !transA);
            (m, n) = (n, m);
            var swap = a;
            a = b;
            b = swap;
        }
        int maxBlockK = form == TileForm.Vector512Tile ? MaxBlockK512 : MaxBlockK;
        int kBlocks = (k + maxBlockK - 1) / maxBlockK;
        int blockK = (k + kBlocks - 1) / kBlocks;
        int bSlivers = (n + nr - 1) / nr;
        long packLength = (long)bSlivers * nr * k + 16;
        var packB = t_packB;
        if (packB is null || packB.Length < packLength)
            t_packB = packB = GC.AllocateUninitializedArray<float>(checked((int)packLength), pinned: true);
        int units = kBlocks * bSlivers;
        var states = t_packStates;
        if (states is null || states.Length < units)
            t_packStates = states = GC.AllocateArray<int>(Math.Max(units, 64), pinned: true);
        Array.Clear(states, 0, units);
        long work = (long)m * n * k;
        int count = work < MatMulFast.ParallelThreshold ? 1 : Math.Max(threads, 1);
        int panelRows = Math.Clamp((m + 2 * count - 1) / (2 * count) + Mr - 1 & ~(Mr - 1), Mr, MaxPanelRows);
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        fixed (float* ppack = packB)
        fixed (int* pstates = states)
        {
            var job = new Job
            {
                TransA = transA, TransB = transB, Form = form.Value, M = m, N = n, K = k, Nr = nr, Tile = Mr * nr,
                BlockK = blockK, KBlocks = kBlocks,
                BSlivers = bSlivers, PanelRows = panelRows, Panels = (m + panelRows - 1) / panelRows,
                A = pa, B = pb, C = pc, Bias = bias.IsEmpty ? null : pbias, PackB = (float*)Align((double*)ppack), PackStates = pstates,
                PrivatePacking = privatePacking, TransC = transC,
            };
            count = Math.Min(count, Math.Max(job.Panels, 1));
            KernelThreadPool.Run(count, &Execute, &job);
        }
    }

    /// <summary>The tile the tier runs, or null for the plain loop (the scalar tier; the 256-bit tier without AVX2 and
    /// FMA). A tier wider than the processor runs emulated (tests force every tier).</summary>
    internal static TileForm? FormOf(IsaTier tier) => tier switch
    {
        IsaTier.Vector512 => TileForm.Vector512Tile,
        IsaTier.Vector256 when Fma.IsSupported && Avx2.IsSupported => TileForm.Avx4x8,
        IsaTier.Vector128 or IsaTier.Vector128Unfused => TileForm.Vector128Tile,
        _ => null,
    };

    /// <summary>
    /// Whether an m×n product is computed as its transpose (n×m, stored back transposed) with op(B) slivers
    /// <paramref name="nr"/> columns wide: when at least 1/32 fewer lanes are padded that way, e.g. 128×10 (10 rows
    /// in 4-row slivers use 10 of 12 lanes; 10 columns in 8-column slivers, 10 of 16). A transposed product stores
    /// its elements one at a time, which costs more than a few percent of padded lanes (128×784 in 32-column
    /// slivers would pad 2 % fewer: 65 GFLOP/s transposed, against about 90 for the other wide products).
    /// </summary>
    internal static bool Transposes(int m, int n, int nr) =>
        32L * Padded(n, Mr) * Padded(m, nr) < 31L * Padded(m, Mr) * Padded(n, nr);

    private static int Padded(int count, int unit) => (count + unit - 1) / unit * unit;

    private static double* Align(double* p) => (double*)(((nint)p + 63) & ~(nint)63);

    [HotLoop]
    private static void Execute(void* state, int index, int count)
    {
        Job* job = (Job*)state;
        bool shared = count > 1;
        long packLength = (long)job->PanelRows * job->BlockK + (long)job->BlockK * job->Nr + 16;
        var packAArray = t_packA;
        if (packAArray is null || packAArray.Length < packLength)
            t_packA = packAArray = GC.AllocateUninitializedArray<double>(checked((int)packLength), pinned: true);
        long scratchLength = job->KBlocks > 1 ? (long)job->PanelRows * job->BSlivers * job->Nr + 8 : 8;
        var scratchArray = t_scratch;
        if (scratchArray is null || scratchArray.Length < scratchLength)
            t_scratch = scratchArray = GC.AllocateUninitializedArray<double>(checked((int)scratchLength), pinned: true);
        float* tile = stackalloc float[MaxTile];
        // Threads start at different column slivers, so each packs its share of op(B) before the others need it.
        int firstSliver = (int)((long)index * job->BSlivers / Math.Max(count, 1));
        fixed (double* packA = packAArray, scratch = scratchArray)
        {
            double* alignedA = Align(packA);
            float* privateB = (float*)(alignedA + (long)job->PanelRows * job->BlockK);
            for (int panel; (panel = KernelThreadPool.Claim(&job->PanelClaimed, shared)) < job->Panels;)
                ComputePanel(job, panel, alignedA, privateB, Align(scratch), tile, firstSliver);
        }
    }

    [HotLoop]
    private static void ComputePanel(Job* job, int panel, double* packA, float* privateB, double* scratch, float* tile, int firstSliver)
    {
        int m = job->M, n = job->N, k = job->K, bSlivers = job->BSlivers, nr = job->Nr, tileSize = job->Tile;
        var form = job->Form;
        int i0 = panel * job->PanelRows;
        int rows = Math.Min(job->PanelRows, m - i0);
        int aSlivers = (rows + Mr - 1) / Mr;
        for (int kb = 0; kb < job->KBlocks; kb++)
        {
            int p0 = kb * job->BlockK;
            int depth = Math.Min(job->BlockK, k - p0);
            bool first = kb == 0, last = kb == job->KBlocks - 1;
            for (int r = 0; r < aSlivers; r++)
                PackA(job->TransA, job->A, m, k, i0 + r * Mr, Math.Min(Mr, rows - r * Mr), p0, depth, packA + (long)r * Mr * depth);
            for (int step = 0, s = firstSliver; step < bSlivers; step++, s = s + 1 == bSlivers ? 0 : s + 1)
            {
                float* bSliver = SharedSliver(job, kb, s, p0, depth, privateB);
                int j0 = s * nr;
                int cols = Math.Min(nr, n - j0);
                double* partials = scratch + (long)s * tileSize;
                long partialStride = (long)bSlivers * tileSize;
                if (!last)
                {
                    Kernel(form, depth, aSlivers, packA, bSliver, partials, partialStride, !first, null, 0, null);
                    continue;
                }
                float* bias = job->Bias is null ? null : job->Bias + j0;
                // Slivers with 4 rows and 8 columns of C are stored in place, in one call; the rest through a tile.
                int full = cols == nr && !job->TransC ? rows / Mr : 0;
                if (full > 0)
                    Kernel(form, depth, full, packA, bSliver, partials, partialStride, !first, job->C + (long)i0 * n + j0, n, bias);
                for (int r = full; r < aSlivers; r++)
                {
                    int row0 = i0 + r * Mr;
                    int sliverRows = Math.Min(Mr, m - row0);
                    Kernel(form, depth, 1, packA + (long)r * Mr * depth, bSliver, partials + r * partialStride, 0, !first, tile, nr, null, sliverRows);
                    if (job->TransC)
                    {
                        // The tile holds Cᵀ[row0+i, j0+j] = C[j0+j, row0+i]; C's rows are m long, its bias runs along i.
                        if (job->Bias is not null)
                            for (int i = 0; i < sliverRows; i++)
                            {
                                float add = job->Bias[row0 + i];
                                for (int j = 0; j < cols; j++) tile[i * nr + j] += add;
                            }
                        StoreTransposed(tile, nr, sliverRows, cols, job->C + (long)j0 * m + row0, m);
                        continue;
                    }
                    for (int i = 0; i < sliverRows; i++)
                    {
                        float* dst = job->C + (long)(row0 + i) * n + j0;
                        for (int j = 0; j < cols; j++) dst[j] = bias is null ? tile[i * nr + j] : tile[i * nr + j] + bias[j];
                    }
                }
            }
        }
    }

    /// <summary>
    /// The packed op(B) sliver <paramref name="s"/> of depth block <paramref name="kb"/>: packed by the first thread
    /// to need it, used by all; a thread that finds it being packed by another packs its own copy into
    /// <paramref name="privateB"/> rather than wait (the other may be descheduled). Block <c>kb</c> holds
    /// <c>dst[(p−p0)·nr + c] = op(B)[p, nr·s+c]</c> (nr the sliver width, <see cref="Job.Nr"/>), missing columns 0.
    /// </summary>
    private static float* SharedSliver(Job* job, int kb, int s, int p0, int depth, float* privateB)
    {
        ref int state = ref job->PackStates[kb * job->BSlivers + s];
        int nr = job->Nr;
        float* sharedB = job->PackB + (long)p0 * job->BSlivers * nr + (long)s * depth * nr;
        int seen = job->PrivatePacking ? Packing : Volatile.Read(ref state);
        if (seen == Packed) return sharedB;
        float* dst = seen == Unpacked && Interlocked.CompareExchange(ref state, Packing, Unpacked) == Unpacked ? sharedB : privateB;
        int j0 = s * nr;
        int cols = Math.Min(nr, job->N - j0);
        if (job->TransB) CopyRowsTransposed(job->B, job->K, j0, cols, p0, depth, nr, dst);
        else CopyColumns(job->B, job->N, j0, cols, p0, depth, nr, dst);
        if (dst == sharedB) Volatile.Write(ref state, Packed);
        return dst;
    }

    /// <summary>op(A) rows <c>i0 … i0+rows−1</c>, depth <c>p0 … p0+depth−1</c>, as doubles: <c>dst[q·4 + r] = op(A)[i0+r, p0+q]</c>, missing rows 0.</summary>
    private static void PackA(bool transA, float* a, int m, int k, int i0, int rows, int p0, int depth, double* dst)
    {
        if (transA) PackColumns(a, m, i0, rows, p0, depth, dst);
        else PackRowsTransposed(a, k, i0, rows, p0, depth, dst);
    }

    /// <summary>
    /// From a row-major matrix with row length <paramref name="ld"/>, the columns <c>j0 … j0+cols−1</c> of rows
    /// <c>p0 … p0+depth−1</c> as doubles, 4 per row: <c>dst[q·4 + c] = src[(p0+q)·ld + j0+c]</c>, missing columns 0.
    /// </summary>
    [HotLoop]
    private static void PackColumns(float* src, int ld, int j0, int cols, int p0, int depth, double* dst)
    {
        float* row = src + (long)p0 * ld + j0;
        if (cols == Mr && Avx.IsSupported)
        {
            for (int q = 0; q < depth; q++, row += ld, dst += Mr)
                Avx.Store(dst, Avx.ConvertToVector256Double(Sse.LoadVector128(row)));
            return;
        }
        CopyPadded(row, ld, 1, cols, depth, Mr, dst);
    }

    // The ragged edge of the packers: dst[q·width + c] = src[q·qStride + c·cStride] for c < cols, 0 up to width
    // (float32 to double is exact).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded<T>(float* src, nint qStride, nint cStride, int cols, int depth, int width, T* dst)
        where T : unmanaged, INumberBase<T>
    {
        for (int q = 0; q < depth; q++, src += qStride, dst += width)
        {
            int c = 0;
            for (; c < cols; c++) dst[c] = T.CreateTruncating(src[c * cStride]);
            for (; c < width; c++) dst[c] = T.Zero;
        }
    }

    /// <summary>
    /// From a row-major matrix with row length <paramref name="ld"/>, rows <c>j0 … j0+cols−1</c> at columns
    /// <c>p0 … p0+depth−1</c>, transposed, as doubles, 4 per depth step: <c>dst[q·4 + c] = src[(j0+c)·ld + p0+q]</c>,
    /// missing rows 0.
    /// </summary>
    [HotLoop]
    private static void PackRowsTransposed(float* src, int ld, int j0, int cols, int p0, int depth, double* dst)
    {
        float* first = src + (long)j0 * ld + p0;
        int q = 0;
        if (cols == Mr && Avx.IsSupported)
        {
            for (; q + 4 <= depth; q += 4)
            {
                float* s = first + q;
                var r0 = Avx.ConvertToVector256Double(Sse.LoadVector128(s));
                var r1 = Avx.ConvertToVector256Double(Sse.LoadVector128(s + ld));
                var r2 = Avx.ConvertToVector256Double(Sse.LoadVector128(s + 2 * (long)ld));
                var r3 = Avx.ConvertToVector256Double(Sse.LoadVector128(s + 3 * (long)ld));
                var t0 = Avx.UnpackLow(r0, r1);
                var t1 = Avx.UnpackHigh(r0, r1);
                var t2 = Avx.UnpackLow(r2, r3);
                var t3 = Avx.UnpackHigh(r2, r3);
                double* d = dst + q * Mr;
                Avx.Store(d, Avx.Permute2x128(t0, t2, 0x20));
                Avx.Store(d + Mr, Avx.Permute2x128(t1, t3, 0x20));
                Avx.Store(d + 2 * Mr, Avx.Permute2x128(t0, t2, 0x31));
                Avx.Store(d + 3 * Mr, Avx.Permute2x128(t1, t3, 0x31));
            }
        }
        CopyPadded(first + q, 1, ld, cols, depth - q, Mr, dst + q * Mr);
    }

    /// <summary>
    /// From a row-major matrix with row length <paramref name="ld"/>, the columns <c>j0 … j0+cols−1</c> of rows
    /// <c>p0 … p0+depth−1</c>, <paramref name="nr"/> (a multiple of 8) per row (float32: the kernel widens them as it
    /// loads them): <c>dst[q·nr + c] = src[(p0+q)·ld + j0+c]</c>, missing columns 0.
    /// </summary>
    [HotLoop]
    private static void CopyColumns(float* src, int ld, int j0, int cols, int p0, int depth, int nr, float* dst)
    {
        float* row = src + (long)p0 * ld + j0;
        if (cols == nr && Avx.IsSupported)
        {
            for (int q = 0; q < depth; q++, row += ld, dst += nr)
                for (int g = 0; g < nr; g += 8)
                    Avx.Store(dst + g, Avx.LoadVector256(row + g));
            return;
        }
        CopyPadded(row, ld, 1, cols, depth, nr, dst);
    }

    /// <summary>
    /// From a row-major matrix with row length <paramref name="ld"/>, rows <c>j0 … j0+cols−1</c> at columns
    /// <c>p0 … p0+depth−1</c>, transposed, <paramref name="nr"/> (a multiple of 4) per depth step (float32):
    /// <c>dst[q·nr + c] = src[(j0+c)·ld + p0+q]</c>, missing rows 0.
    /// </summary>
    [HotLoop]
    private static void CopyRowsTransposed(float* src, int ld, int j0, int cols, int p0, int depth, int nr, float* dst)
    {
        float* first = src + (long)j0 * ld + p0;
        int q = 0;
        if (cols == nr && Avx.IsSupported)
            for (; q + 8 <= depth; q += 8)
                for (int g = 0; g < nr; g += 8) MatMulFast.Transpose8x8(first + (long)g * ld + q, ld, dst + q * nr + g, nr);
        if (cols == nr && Sse.IsSupported)
        {
            for (; q + 4 <= depth; q += 4)
                for (int g = 0; g < nr; g += 4)
                {
                    float* s = first + (long)g * ld + q;
                    var r0 = Sse.LoadVector128(s);
                    var r1 = Sse.LoadVector128(s + ld);
                    var r2 = Sse.LoadVector128(s + 2 * (long)ld);
                    var r3 = Sse.LoadVector128(s + 3 * (long)ld);
                    var t0 = Sse.UnpackLow(r0, r1);
                    var t1 = Sse.UnpackHigh(r0, r1);
                    var t2 = Sse.UnpackLow(r2, r3);
                    var t3 = Sse.UnpackHigh(r2, r3);
                    float* d = dst + q * nr + g;
                    Sse.Store(d, Sse.MoveLowToHigh(t0, t2));
                    Sse.Store(d + nr, Sse.MoveHighToLow(t2, t0));
                    Sse.Store(d + 2 * nr, Sse.MoveLowToHigh(t1, t3));
                    Sse.Store(d + 3 * nr, Sse.MoveHighToLow(t3, t1));
                }
        }
        CopyPadded(first + q, 1, ld, cols, depth - q, nr, dst + q * nr);
    }

    /// <summary>
    /// The 4×8 tiles <c>Σ_p a[p]·b[p]ᵀ</c> of <paramref name="slivers"/> consecutive 4-row slivers of op(A) (each
    /// <c>4·k</c> doubles) against one 8-column sliver of op(B) (8 float32 per p, 16-byte aligned, widened exactly):
    /// in double, p in order, starting from +0 or from the doubles at <paramref name="partial"/> (the next sliver's
    /// <paramref name="partialStride"/> further on); stored back there as doubles when <paramref name="c"/> is null,
    /// else rounded to float32, the 8 floats at <paramref name="bias"/> added in float32 unless it is null, and stored
    /// at <paramref name="c"/> with row stride <paramref name="ldc"/> (the next sliver 4 rows further down). One call
    /// for a column of tiles, rather than one per tile, saves the call and loop set-up per tile.
    /// </summary>
    [HotLoop]
    internal static void Kernel(int k, int slivers, double* a, float* b, double* partial, long partialStride, bool resume, float* c, nint ldc, float* bias)
    {
        for (int r = 0; r < slivers; r++, partial += partialStride)
        {
            Tile4x8(k, a, b, partial, resume, c, ldc, bias);
            a += Mr * k;
            if (c is not null) c += Mr * ldc;
        }
    }

    /// <summary>
    /// <c>c[j·ldc + i] = tile[i·nr + j]</c> for i &lt; <paramref name="rows"/> (at most 4), j &lt; <paramref name="cols"/>:
    /// a tile of Cᵀ stored into C, four columns at a time as 4×4 transposes when the tile has four rows, so that each
    /// row of C is written in one piece.
    /// </summary>
    [HotLoop]
    private static void StoreTransposed(float* tile, int nr, int rows, int cols, float* c, nint ldc)
    {
        int j = 0;
        if (rows == Mr && Sse.IsSupported)
            for (; j + 4 <= cols; j += 4)
            {
                var r0 = Sse.LoadVector128(tile + j);
                var r1 = Sse.LoadVector128(tile + nr + j);
                var r2 = Sse.LoadVector128(tile + 2 * nr + j);
                var r3 = Sse.LoadVector128(tile + 3 * nr + j);
                var t0 = Sse.UnpackLow(r0, r1);
                var t1 = Sse.UnpackHigh(r0, r1);
                var t2 = Sse.UnpackLow(r2, r3);
                var t3 = Sse.UnpackHigh(r2, r3);
                float* d = c + j * ldc;
                Sse.Store(d, Sse.MoveLowToHigh(t0, t2));
                Sse.Store(d + ldc, Sse.MoveHighToLow(t2, t0));
                Sse.Store(d + 2 * ldc, Sse.MoveLowToHigh(t1, t3));
                Sse.Store(d + 3 * ldc, Sse.MoveHighToLow(t3, t1));
            }
        for (; j < cols; j++)
        {
            float* d = c + j * ldc;
            for (int i = 0; i < rows; i++) d[i] = tile[i * nr + j];
        }
    }

    // The tier's kernel. The three column loops are alike but stay apart: a method holding Vector512 code cannot be
    // precompiled (ReadyToRun, x86-64-v3), and the 256-bit one must be. A single sliver of at most two rows (the tail
    // of 10 rows) runs half the 512-bit tile: the same chains for its rows, without two rows of padding.
    private static void Kernel(TileForm form, int k, int slivers, double* a, float* b, double* partial, long partialStride, bool resume, float* c, nint ldc, float* bias, int rows = Mr)
    {
        switch (form)
        {
            case TileForm.Vector512Tile when slivers == 1 && rows <= 2: HalfTile512(k, a, b, partial, resume, c, ldc, bias); break;
            case TileForm.Vector512Tile: Kernel512(k, slivers, a, b, partial, partialStride, resume, c, ldc, bias); break;
            case TileForm.Vector128Tile: Kernel128(k, slivers, a, b, partial, partialStride, resume, c, ldc, bias); break;
            default: Kernel(k, slivers, a, b, partial, partialStride, resume, c, ldc, bias); break;
        }
    }

    /// <summary>As <see cref="Kernel(int, int, double*, float*, double*, long, bool, float*, nint, float*)"/> with
    /// 4×32 tiles against a 32-column op(B) sliver (32 float32 per p, widened exactly): four <see cref="Vector512{T}"/>
    /// of doubles a row, sixteen independent FMA chains. Every element gets the same operations in the same order.</summary>
    [HotLoop]
    internal static void Kernel512(int k, int slivers, double* a, float* b, double* partial, long partialStride, bool resume, float* c, nint ldc, float* bias)
    {
        for (int r = 0; r < slivers; r++, partial += partialStride)
        {
            Tile4x32<K4>(k, a, b, partial, resume, c, ldc, bias);
            a += Mr * k;
            if (c is not null) c += Mr * ldc;
        }
    }

    /// <summary>Rows 0 and 1 of one 4×32 tile of <see cref="Kernel512"/> (a sliver of one or two rows): the same chains
    /// for those rows, without the two rows of padding.</summary>
    [HotLoop]
    internal static void HalfTile512(int k, double* a, float* b, double* partial, bool resume, float* c, nint ldc, float* bias) =>
        Tile4x32<K2>(k, a, b, partial, resume, c, ldc, bias);

    /// <summary>As <see cref="Kernel(int, int, double*, float*, double*, long, bool, float*, nint, float*)"/> (4×8
    /// tiles, 8-column op(B) slivers) with four <see cref="Vector128{T}"/> of doubles a row: sixteen independent FMA
    /// chains, for the 32 registers of NEON. Every element gets the same operations in the same order.</summary>
    [HotLoop]
    internal static void Kernel128(int k, int slivers, double* a, float* b, double* partial, long partialStride, bool resume, float* c, nint ldc, float* bias)
    {
        for (int r = 0; r < slivers; r++, partial += partialStride)
        {
            Tile4x8Of128(k, a, b, partial, resume, c, ldc, bias);
            a += Mr * k;
            if (c is not null) c += Mr * ldc;
        }
    }

    // Rows 0…TR−1 (TR = 4, or 2 for a short last sliver) of a 4×32 tile; each row's chains are the same whatever TR.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x32<TR>(int k, double* a, float* b, double* partial, bool resume, float* c, nint ldc, float* bias)
        where TR : struct, IKernelConstant
    {
        bool four = TR.Value > 2;
        Vector512<double> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (resume)
        {
            var v = (Vector512<double>*)partial;
            c00 = v[0]; c01 = v[1]; c02 = v[2]; c03 = v[3];
            c10 = v[4]; c11 = v[5]; c12 = v[6]; c13 = v[7];
            if (four)
            {
                c20 = v[8]; c21 = v[9]; c22 = v[10]; c23 = v[11];
                c30 = v[12]; c31 = v[13]; c32 = v[14]; c33 = v[15];
            }
            else
                c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = Vector512<double>.Zero;
        }
        else
        {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = Vector512<double>.Zero;
            c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = Vector512<double>.Zero;
        }
        for (int p = 0; p < k; p++, a += Mr, b += Nr512)
        {
            var low = *(Vector512<float>*)b;
            var high = *(Vector512<float>*)(b + 16);
            var b0 = Vector512.WidenLower(low);
            var b1 = Vector512.WidenUpper(low);
            var b2 = Vector512.WidenLower(high);
            var b3 = Vector512.WidenUpper(high);
            var x = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, b2, c02);
            c03 = Vector512.FusedMultiplyAdd(x, b3, c03);
            x = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, b2, c12);
            c13 = Vector512.FusedMultiplyAdd(x, b3, c13);
            if (four)
            {
                x = Vector512.Create(a[2]);
                c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
                c22 = Vector512.FusedMultiplyAdd(x, b2, c22);
                c23 = Vector512.FusedMultiplyAdd(x, b3, c23);
                x = Vector512.Create(a[3]);
                c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
                c32 = Vector512.FusedMultiplyAdd(x, b2, c32);
                c33 = Vector512.FusedMultiplyAdd(x, b3, c33);
            }
        }
        if (c is null)
        {
            var v = (Vector512<double>*)partial;
            v[0] = c00; v[1] = c01; v[2] = c02; v[3] = c03;
            v[4] = c10; v[5] = c11; v[6] = c12; v[7] = c13;
            if (four)
            {
                v[8] = c20; v[9] = c21; v[10] = c22; v[11] = c23;
                v[12] = c30; v[13] = c31; v[14] = c32; v[15] = c33;
            }
            return;
        }
        // Rounded once to float32 (Narrow rounds to nearest, as a cast), then the float32 bias added.
        var bias0 = bias is null ? Vector512<float>.Zero : *(Vector512<float>*)bias;
        var bias1 = bias is null ? Vector512<float>.Zero : *(Vector512<float>*)(bias + 16);
        Store(c, c00, c01, c02, c03, bias0, bias1, bias is not null);
        Store(c + ldc, c10, c11, c12, c13, bias0, bias1, bias is not null);
        if (!four) return;
        Store(c + 2 * ldc, c20, c21, c22, c23, bias0, bias1, bias is not null);
        Store(c + 3 * ldc, c30, c31, c32, c33, bias0, bias1, bias is not null);
    }

    // One row of a 4×32 tile: adding a float32 +0 bias would turn −0 into +0, hence the flag.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<double> v0, Vector512<double> v1, Vector512<double> v2, Vector512<double> v3,
        Vector512<float> bias0, Vector512<float> bias1, bool addBias)
    {
        var low = Vector512.Narrow(v0, v1);
        var high = Vector512.Narrow(v2, v3);
        if (addBias)
        {
            low += bias0;
            high += bias1;
        }
        *(Vector512<float>*)c = low;
        *(Vector512<float>*)(c + 16) = high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x8Of128(int k, double* a, float* b, double* partial, bool resume, float* c, nint ldc, float* bias)
    {
        Vector128<double> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (resume)
        {
            var v = (Vector128<double>*)partial;
            c00 = v[0]; c01 = v[1]; c02 = v[2]; c03 = v[3];
            c10 = v[4]; c11 = v[5]; c12 = v[6]; c13 = v[7];
            c20 = v[8]; c21 = v[9]; c22 = v[10]; c23 = v[11];
            c30 = v[12]; c31 = v[13]; c32 = v[14]; c33 = v[15];
        }
        else
        {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = Vector128<double>.Zero;
            c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = Vector128<double>.Zero;
        }
        for (int p = 0; p < k; p++, a += Mr, b += Nr)
        {
            var low = *(Vector128<float>*)b;
            var high = *(Vector128<float>*)(b + 4);
            var b0 = Vector128.WidenLower(low);
            var b1 = Vector128.WidenUpper(low);
            var b2 = Vector128.WidenLower(high);
            var b3 = Vector128.WidenUpper(high);
            var x = Vector128.Create(a[0]);
            c00 = MultiplyAdd(x, b0, c00);
            c01 = MultiplyAdd(x, b1, c01);
            c02 = MultiplyAdd(x, b2, c02);
            c03 = MultiplyAdd(x, b3, c03);
            x = Vector128.Create(a[1]);
            c10 = MultiplyAdd(x, b0, c10);
            c11 = MultiplyAdd(x, b1, c11);
            c12 = MultiplyAdd(x, b2, c12);
            c13 = MultiplyAdd(x, b3, c13);
            x = Vector128.Create(a[2]);
            c20 = MultiplyAdd(x, b0, c20);
            c21 = MultiplyAdd(x, b1, c21);
            c22 = MultiplyAdd(x, b2, c22);
            c23 = MultiplyAdd(x, b3, c23);
            x = Vector128.Create(a[3]);
            c30 = MultiplyAdd(x, b0, c30);
            c31 = MultiplyAdd(x, b1, c31);
            c32 = MultiplyAdd(x, b2, c32);
            c33 = MultiplyAdd(x, b3, c33);
        }
        if (c is null)
        {
            var v = (Vector128<double>*)partial;
            v[0] = c00; v[1] = c01; v[2] = c02; v[3] = c03;
            v[4] = c10; v[5] = c11; v[6] = c12; v[7] = c13;
            v[8] = c20; v[9] = c21; v[10] = c22; v[11] = c23;
            v[12] = c30; v[13] = c31; v[14] = c32; v[15] = c33;
            return;
        }
        var bias0 = bias is null ? Vector128<float>.Zero : *(Vector128<float>*)bias;
        var bias1 = bias is null ? Vector128<float>.Zero : *(Vector128<float>*)(bias + 4);
        Store(c, c00, c01, c02, c03, bias0, bias1, bias is not null);
        Store(c + ldc, c10, c11, c12, c13, bias0, bias1, bias is not null);
        Store(c + 2 * ldc, c20, c21, c22, c23, bias0, bias1, bias is not null);
        Store(c + 3 * ldc, c30, c31, c32, c33, bias0, bias1, bias is not null);
    }

    // x·y + acc: the product of two widened floats is exact in double, so the fused and the unfused forms give the
    // same bits; the fused one where the processor has it (emulated, it would be a slow library call).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> MultiplyAdd(Vector128<double> x, Vector128<double> y, Vector128<double> acc) =>
        Fma.IsSupported || AdvSimd.Arm64.IsSupported ? Vector128.FusedMultiplyAdd(x, y, acc) : acc + x * y;

    // One row of a 4×8 tile of doubles in Vector128s.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector128<double> v0, Vector128<double> v1, Vector128<double> v2, Vector128<double> v3,
        Vector128<float> bias0, Vector128<float> bias1, bool addBias)
    {
        var low = Vector128.Narrow(v0, v1);
        var high = Vector128.Narrow(v2, v3);
        if (addBias)
        {
            low += bias0;
            high += bias1;
        }
        *(Vector128<float>*)c = low;
        *(Vector128<float>*)(c + 4) = high;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x8(int k, double* a, float* b, double* partial, bool resume, float* c, nint ldc, float* bias)
    {
        Vector256<double> c00, c01, c10, c11, c20, c21, c30, c31;
        if (resume)
        {
            c00 = Avx.LoadAlignedVector256(partial);
            c01 = Avx.LoadAlignedVector256(partial + 4);
            c10 = Avx.LoadAlignedVector256(partial + 8);
            c11 = Avx.LoadAlignedVector256(partial + 12);
            c20 = Avx.LoadAlignedVector256(partial + 16);
            c21 = Avx.LoadAlignedVector256(partial + 20);
            c30 = Avx.LoadAlignedVector256(partial + 24);
            c31 = Avx.LoadAlignedVector256(partial + 28);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector256<double>.Zero;
        }
        for (int p = 0; p < k; p++, a += Mr, b += Nr)
        {
            var b0 = Avx.ConvertToVector256Double(Sse.LoadAlignedVector128(b));
            var b1 = Avx.ConvertToVector256Double(Sse.LoadAlignedVector128(b + 4));
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
        }
        if (c is null)
        {
            Avx.StoreAligned(partial, c00);
            Avx.StoreAligned(partial + 4, c01);
            Avx.StoreAligned(partial + 8, c10);
            Avx.StoreAligned(partial + 12, c11);
            Avx.StoreAligned(partial + 16, c20);
            Avx.StoreAligned(partial + 20, c21);
            Avx.StoreAligned(partial + 24, c30);
            Avx.StoreAligned(partial + 28, c31);
            return;
        }
        if (bias is null)
        {
            Store(c, c00, c01);
            Store(c + ldc, c10, c11);
            Store(c + 2 * ldc, c20, c21);
            Store(c + 3 * ldc, c30, c31);
            return;
        }
        var bias0 = Sse.LoadVector128(bias);
        var bias1 = Sse.LoadVector128(bias + 4);
        Store(c, c00, c01, bias0, bias1);
        Store(c + ldc, c10, c11, bias0, bias1);
        Store(c + 2 * ldc, c20, c21, bias0, bias1);
        Store(c + 3 * ldc, c30, c31, bias0, bias1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<double> low, Vector256<double> high)
    {
        Sse.Store(c, Avx.ConvertToVector128Single(low));
        Sse.Store(c + 4, Avx.ConvertToVector128Single(high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<double> low, Vector256<double> high, Vector128<float> biasLow, Vector128<float> biasHigh)
    {
        Sse.Store(c, Sse.Add(Avx.ConvertToVector128Single(low), biasLow));
        Sse.Store(c + 4, Sse.Add(Avx.ConvertToVector128Single(high), biasHigh));
    }
}
