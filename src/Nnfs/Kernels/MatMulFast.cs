using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>
/// The float32 SIMD kernel: register-tiled, FMA, split across threads over output tiles, in one of two loop
/// structures (<see cref="GemmPlan"/>).
/// </summary>
/// <remarks>
/// Layout as in <see cref="MatMulReference"/>. Both plans run the tier's register tile
/// (<see cref="MatMulMicroKernel.Table"/>) on packed B slivers of its width (16 columns, 32 in the 512-bit tier's
/// <see cref="MatMulTile512"/>; a narrow last sliver half that) and row slivers of its rows (6, 12 in the 512-bit
/// tier; see <see cref="Sliver(int, int, int, out int)"/> for the tail); transposed operands are handled by the
/// packing (8×8 AVX transposes) or by the kernel's A addressing, never materialised. "Panels" below are B slivers.
/// <list type="bullet">
/// <item><description><b>Panels</b> (op(A) of at most <see cref="PanelThreshold"/> elements, e.g. all of the
/// 784-128-128-10 network's products at batch 128): op(A) is not packed; the kernel reads it in place (row-major, or
/// depth-major for Aᵀ) from L2. Threads claim panels (16 or 32 columns) of C one at a time from a shared counter; for each k
/// block (<see cref="PanelBlockK"/>) a thread packs the panel's B sliver and runs the kernel down all row slivers.
/// No thread ever waits for another. With one row sliver (op(A) of at most a tile's rows, e.g. the 10 rows of Cᵀ for
/// the output layer's weight gradient), an untransposed B is not packed: the kernel reads it in place. A lone worker with a deep B (k ≥ 256, one k block) packs all full panels
/// ahead in one pass down B's rows instead (same packed values). A B packed once ahead (<see cref="PrepackedOperand"/>,
/// for constant weights) is read where it lies instead (same packed values).</description></item>
/// <item><description><b>Blocked</b> (larger products; BLIS order): column blocks of <see cref="BlockN"/>, k blocks
/// of <see cref="BlockKFor"/> (B block packed once into slivers; read from L2 or L3), blocks of up to
/// <see cref="MaxRowBlock"/> row slivers (their A slivers packed by the thread that claimed them, kept in L2), then for each B sliver
/// the kernel over the block's A slivers, the next call's C tile prefetched while one runs. On several threads, when C
/// is wide enough (<see cref="SplitColumns"/>), each thread claims a whole share of C's columns and runs it alone;
/// otherwise the threads pack each B block together (claiming its slivers) and then claim row blocks one at a time
/// from shared counters. Either way a worker that the OS has not scheduled yet holds no one back.</description></item>
/// </list>
/// In both, k is never split between threads, and a later k block's kernel starts its chains from the partial sums
/// the earlier block stored (<see cref="MatMulMicroKernel"/>), so every output is one chain of fused multiply-adds
/// over all of k: the same bits for any plan, k blocking, row or column blocking, thread count, split of the rows
/// into batches, or tier (<see cref="MatMulTierKernel"/>). When n is small and not a multiple of 8 (the 10-class output layer), the
/// product is computed as Cᵀ = Bᵀ·Aᵀ so that no vector lanes are wasted (its tiles stored back in 8×8 transposed blocks). Small products with a short side
/// (<see cref="MatMulSmall.Applies"/>) skip all this and run unpacked on one thread in <see cref="MatMulSmall"/>.
/// The loops are marked <see cref="HotLoopAttribute"/> and copy vectors through the pointer (see
/// <see cref="MatMulMicroKernel"/>), so that the CLI's ReadyToRun image holds them.
/// </remarks>
[SkipLocalsInit]
internal static unsafe class MatMulFast
{
    /// <summary>
    /// Greatest depth of a k block in the blocked plan (k is cut into equal blocks no deeper than this), a tuning knob
    /// for the benchmarks: 0 (the default) = the tier's own (<see cref="BlockKFor"/>); any other value applies to
    /// every tier. Changes no result (every output is one FMA chain over all of k, whatever the blocks).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 and not in [8, 1024].</exception>
    internal static int BlockK
    {
        get => s_blockK;
        set => s_blockK = value is 0 or (>= 8 and <= MaxBlock) ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>
    /// The blocked plan's k block for <paramref name="tier"/>, fixed per tier (never from the cache sizes): 512 in the
    /// 512-bit tier (its 32-column B sliver of 512 × 32 floats = 64 KB streams from L2; C is read and written back
    /// half as often as with 256, which measured 7–14 % faster at 1024³ on the Zen 5), 256 in the others (B sliver
    /// 256 × 16 floats = 16 KB in L1). <see cref="BlockK"/> overrides it when set.
    /// </summary>
    internal static int BlockKFor(IsaTier tier) => s_blockK > 0 ? s_blockK : tier == IsaTier.Vector512 ? 512 : DefaultBlockK;

    private const int DefaultBlockK = 256;

    /// <summary>
    /// Width of a column block, a tuning knob for the benchmarks: default from the L2 size (<see cref="BlockNFor"/>;
    /// 1024 for 512 KiB or more, or unknown: B block 256×1024 floats = 1 MB, more
    /// than a 512 KiB L2: each B sliver is read into L1 from L2 or L3 once per row block, which costs little; wider
    /// blocks mean fewer passes packing A and fewer waits between column blocks). Measured: 1024³ 1–3 % faster than
    /// with 512, and 256 slower (docs/performance.md, GEMM section).
    /// </summary>
    internal static int BlockN
    {
        get => s_blockN;
        set => s_blockN = value is >= 16 and <= MaxBlock && value % 16 == 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>
    /// Greatest depth of a k block on the panel path, a tuning knob for the benchmarks: default 1024, so the
    /// network's products run in one k block (C written once; the B sliver, up to 64 KB, streams from L2).
    /// </summary>
    internal static int PanelBlockK
    {
        get => s_panelBlockK;
        set => s_panelBlockK = value is >= 8 and <= MaxBlock ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    private static int s_panelBlockK = MaxBlock;

    /// <summary>
    /// Most elements op(A) may have for the panel path (A read in place, no packing), a tuning knob for the
    /// benchmarks: default 2¹⁷ (512 KB), which covers the network's products at batch 128; 0 disables the path.
    /// Measured, not derived: on the 512 KiB-L2 machine of the benchmarks (Zen 3) the first layer's 401 KB op(A)
    /// runs faster read in place than packed (docs/performance.md, GEMM section).
    /// </summary>
    internal static long PanelThreshold
    {
        get => s_panelThreshold;
        set => s_panelThreshold = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    private const int MaxBlock = 1024;
    private static long s_panelThreshold = 1L << 17;

    /// <summary>Most row slivers claimed (and their A slivers packed) together in the blocked plan, a tuning knob for the benchmarks: default from the L2 size (<see cref="RowBlockFor"/>; 16 for 512 KiB: 16 × 6 rows × 256 deep = 96 KB in L2); for the 512-bit tier's 12-row slivers, half as many slivers (at least 1), the same bytes.</summary>
    internal static int MaxRowBlock
    {
        get => s_maxRowBlock;
        set => s_maxRowBlock = value is >= 1 and <= RowBlockCap ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    private const int RowBlockCap = 64;
    private static int s_maxRowBlock = RowBlockFor(CacheSizes.L2Bytes);
    private static int s_blockK;
    private static int s_blockN = BlockNFor(CacheSizes.L2Bytes);

    /// <summary>
    /// <see cref="BlockN"/> for a level-2 cache of <paramref name="l2Bytes"/>: L2 / 512 bytes, a multiple of 16 in
    /// [256, 1024] (a B block of 256 × BlockN floats twice the L2, as measured best with 1024 on a 512 KiB L2); 1024
    /// when the size is unknown. Changes no result: only the order in which output columns are visited.
    /// </summary>
    internal static int BlockNFor(long? l2Bytes) =>
        l2Bytes is long b ? (int)Math.Clamp(b / 512, 256, MaxBlock) / 16 * 16 : 1024;

    /// <summary>
    /// <see cref="MaxRowBlock"/> for a level-2 cache of <paramref name="l2Bytes"/>: L2 / 32 KiB in [4, 64] (a row
    /// block's packed A slivers, r × 6 × 256 floats, about 3/16 of L2, as the default 16 on a 512 KiB L2); 16 when the
    /// size is unknown. Changes no result: only how rows are grouped.
    /// </summary>
    internal static int RowBlockFor(long? l2Bytes) =>
        l2Bytes is long b ? (int)Math.Clamp(b / 32768, 4, RowBlockCap) : 16;

    /// <summary>
    /// Whether the blocked plan on several threads gives each thread whole shares of C's columns (default true, when
    /// every share has at least <see cref="MinShareWidth"/> columns), a tuning knob for the benchmarks; false = the
    /// threads share each B block and split the rows. Changes no result.
    /// </summary>
    /// <remarks>
    /// In column shares each thread packs its own B blocks and its own A slivers and never waits for another (a share
    /// not yet claimed is taken by whichever thread comes first). Sharing B blocks instead packs A once but makes
    /// every thread wait at each k block until the block's B is packed, read the half the other thread packed from
    /// that thread's cache, and wait for the slowest row block at the end. Measured on the 2-core Zen 5 at 1024³, 2
    /// threads: 379 against 348 GFLOP/s (row blocks of 2 slivers: 369), interleaved in one process.
    /// </remarks>
    internal static bool SplitColumns { get; set; } = true;

    /// <summary>Fewest columns of C per thread for <see cref="SplitColumns"/> (below it, each thread's copy of all of A
    /// would cost more than the waits it saves).</summary>
    internal const int MinShareWidth = 256;

    /// <summary>Below this many multiply-adds a product runs on one thread.</summary>
    internal const long ParallelThreshold = 128L * 128 * 48;

    private const int Rows = MatMulMicroKernel.MaxRows;

    // The largest tile of any tier (the 512-bit tier's), for the tile buffer and the B sliver buffers.
    private const int MaxTileRows = MatMulTile512.MaxRows, MaxWidth = MatMulTile512.Width;

    [ThreadStatic] private static float[]? t_packA;
    [ThreadStatic] private static float[]? t_packB;
    [ThreadStatic] private static float[]? t_packSliver;
    [ThreadStatic] private static int[]? t_counters;

    // Per phase (one k block of one column block), on its own cache line: B slivers claimed and packed, row
    // slivers claimed and computed. Threads may join late or not at all; whoever comes does the remaining work.
    // Then, per row sliver, the number of the last phase computed, so that a k block waits only for the previous k
    // block of the same rows (whichever thread had it), not for the whole previous phase. A new column block starts
    // only when the previous one is complete, so these numbers only grow.
    private const int CounterStride = 16, BClaimed = 0, BDone = 1, RowsClaimed = 2, RowsDone = 3;

    private struct Job
    {
        public bool TransA, TransB, BiasOnRows;
        public IsaTier Tier;
        public int M, N, K, BlockK, BlockN, RowBlock, RowBlocks, ColumnShares, ShareWidth;
        public int* ShareCounter;
        // The tier's tile: rows of a full row sliver, columns of a full (wide) B sliver.
        public int Rows, Width;
        public float* A, B, C, Bias;
        public nint RowStrideC, ColStrideC;
        public float* PackB;
        // B packed ahead (PrepackedOperand), read by the panel path instead of packing; null when none.
        public float* Prepacked;
        public int* Counters;
        public int* RowProgress;
    }

    /// <summary><c>C = op(A)·op(B)</c> (row-major, leading dimensions = logical widths).</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int threads) => Gemm(transA, transB, m, n, k, a, b, default, c, threads);

    /// <summary><c>C = op(A)·op(B) + bias</c>, bias (length n, or empty for none) added to every row after the dot
    /// products.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int threads) =>
        Gemm(transA, transB, m, n, k, a, b, bias, c, threads, GemmPlan.Auto);

    /// <summary>
    /// <c>C = A·B + bias</c> (neither transposed) with B also given packed ahead (<paramref name="packed"/>, made from
    /// the same values): the panel path reads its slivers instead of packing B (with a single row sliver it reads
    /// <paramref name="b"/> in place, as without it); the other forms (the small path, Cᵀ = Bᵀ·Aᵀ, the blocked plan)
    /// use <paramref name="b"/> as the overload without it. The same bits either way.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="packed"/> is not k×n, or a buffer is too short.</exception>
    internal static void Gemm(int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, PrepackedOperand packed,
        ReadOnlySpan<float> bias, Span<float> c, int threads)
    {
        if (packed.K != k || packed.N != n)
            throw new ArgumentException($"GEMM: the packed operand is {packed.K}×{packed.N}, the product needs {k}×{n}.", nameof(packed));
        Gemm(false, false, m, n, k, a, b, bias, c, threads, GemmPlan.Auto, packed.Data);
        packed.KeepAlive();
    }

    /// <summary>As above, with the loop structure forced (for tests comparing the two, which give the same bits).</summary>
    internal static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int threads, GemmPlan plan) =>
        Gemm(transA, transB, m, n, k, a, b, bias, c, threads, plan, null);

    // prepacked: B (untransposed) packed as PrepackedOperand lays it out, or null.
    [HotLoop]
    private static void Gemm(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int threads, GemmPlan plan,
        float* prepacked)
    {
        if (m < 0 || n < 0 || k < 0 || a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n
            || (!bias.IsEmpty && bias.Length < n))
            throw new ArgumentException(
                $"GEMM buffers too short for m={m}, n={n}, k={k}: A {a.Length}, B {b.Length}, C {c.Length}, bias {bias.Length}.");
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            var rows = c[..(m * n)];
            if (bias.IsEmpty) rows.Clear();
            else for (int i = 0; i < m; i++) bias[..n].CopyTo(rows.Slice(i * n, n));
            return;
        }
        if (MatMulSmall.TryGemm(transA, transB, m, n, k, a, b, bias, c)) return;
        bool swap = ShouldSwap(m, n);
        // Read here: the pool's threads do not see a tier forced on this one (Engine.UseTier).
        var tier = Engine.Tier;
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            Job job = swap
                ? new Job
                {
                    TransA = !transB, TransB = !transA, M = n, N = m, K = k, A = pb, B = pa, C = pc,
                    RowStrideC = 1, ColStrideC = n, Bias = pbias, BiasOnRows = true, Tier = tier,
                }
                : new Job
                {
                    TransA = transA, TransB = transB, M = m, N = n, K = k, A = pa, B = pb, C = pc,
                    RowStrideC = n, ColStrideC = 1, Bias = pbias, Tier = tier,
                };
            job.Rows = MatMulMicroKernel.TileRows(tier);
            job.Width = MatMulMicroKernel.TileWidth(tier);
            bool panelPath = plan == GemmPlan.Panels
                || (plan == GemmPlan.Auto && UsePanels(job.M, job.K) && !PreferBlockedAlone(job.TransA, job.M, job.K, threads));
            int blockK = panelPath ? PanelBlockK : BlockKFor(tier);
            int kBlocks = (k + blockK - 1) / blockK;
            job.BlockK = (k + kBlocks - 1) / kBlocks;
            job.BlockN = BlockN;
            if (panelPath)
            {
                int panels = (job.N + job.Width - 1) / job.Width;
                int workers = (long)m * n * k < ParallelThreshold ? 1 : Math.Min(Math.Max(threads, 1), panels);
                int* counter = stackalloc int[32];
                job.Prepacked = swap || transB ? null : prepacked;
                job.Counters = (int*)Align((float*)counter);
                *job.Counters = 0;
                KernelThreadPool.Run(workers, &ExecutePanels, &job);
                return;
            }
            int slivers = (job.M + job.Rows - 1) / job.Rows;
            long work = (long)m * n * k;
            int count = work < ParallelThreshold ? 1 : Math.Min(Math.Max(threads, 1), slivers);
            bool columnShares = count > 1 && SplitColumns && job.N >= count * MinShareWidth;
            if (columnShares)
            {
                job.ColumnShares = count;
                job.ShareWidth = (job.N + count * job.Width - 1) / (count * job.Width) * job.Width;
            }
            int rowBlockMax = Math.Clamp(slivers / (4 * (columnShares ? 1 : count)), 1, Math.Max(1, s_maxRowBlock * Rows / job.Rows));
            int rowBlocks = (slivers + rowBlockMax - 1) / rowBlockMax;
            job.RowBlocks = rowBlocks;
            job.RowBlock = (slivers + rowBlocks - 1) / rowBlocks;
            int phases = (job.N + job.BlockN - 1) / job.BlockN * ((k + job.BlockK - 1) / job.BlockK);
            int counterInts = phases * CounterStride + slivers + 16;
            var counters = ThreadCounters(counterInts);
            Array.Clear(counters, 0, counterInts);
            var packB = ThreadPackB();
            fixed (int* pcounters = counters)
            fixed (float* ppack = packB)
            {
                job.PackB = Align(ppack);
                job.Counters = (int*)Align((float*)pcounters);
                job.RowProgress = job.Counters + phases * CounterStride;
                int* shareCounter = stackalloc int[32];
                job.ShareCounter = (int*)Align((float*)shareCounter);
                *job.ShareCounter = 0;
                KernelThreadPool.Run(count, &Execute, &job);
            }
        }
    }

    /// <summary>
    /// Whether a product the panel path would take runs blocked instead: on one thread, when op(A) = Aᵀ has many
    /// rows (≥ <see cref="BlockedAloneRows"/>, e.g. the first layer's weight gradient 784×128 = (128×784)ᵀ·128×128)
    /// and k fits one block of both plans. Each panel of the panel path walks down all of Aᵀ read in place, a new
    /// cache line of every one of its k rows each few slivers; the blocked plan packs Aᵀ's slivers once and measured
    /// ~4 % faster on one core (slower at the network's other shapes, and not measured better on two). With k ≤
    /// <see cref="BlockK"/> both plans compute every output by the same operations, so results do not depend on
    /// the choice (nor, therefore, on the thread count).
    /// </summary>
    internal static bool PreferBlockedAlone(bool transA, int m, int k, int threads) =>
        transA && threads <= 1 && m >= BlockedAloneRows && k <= (s_blockK > 0 ? s_blockK : DefaultBlockK) && k <= s_panelBlockK;

    /// <summary>Rows of op(A) = Aᵀ from which <see cref="PreferBlockedAlone"/> applies.</summary>
    internal const int BlockedAloneRows = 512;

    /// <summary>Whether the panel path computes a product whose (possibly swapped) op(A) is m×k.</summary>
    internal static bool UsePanels(int m, int k) => (long)m * k <= s_panelThreshold;

    /// <summary>
    /// Rows of row sliver <paramref name="s"/> of an m-row operand and its first row <paramref name="i0"/>: slivers
    /// of 6 rows, except that a remainder of 1–3 rows is merged with the last full sliver and the two split evenly
    /// (128 rows: 20×6 + 4 + 4, not 21×6 + 2), since kernels of 1–2 rows are bound by FMA latency. There are
    /// ⌈m/6⌉ slivers.
    /// </summary>
    internal static int Sliver(int m, int s, out int i0) => Sliver(m, s, Rows, out i0);

    /// <summary>
    /// As <see cref="Sliver(int, int, out int)"/> for slivers of <paramref name="rows"/> rows: a remainder of 1 to
    /// rows/2 rows is merged with the last full sliver and the two split evenly (12-row slivers of 128 rows: 10×12 + 8;
    /// of 130: 9×12 + 11 + 11). There are ⌈m/rows⌉ slivers.
    /// </summary>
    internal static int Sliver(int m, int s, int rows, out int i0)
    {
        int full = m / rows, rem = m - full * rows;
        if (rem >= 1 && rem <= rows / 2 && full >= 1 && s >= full - 1)
        {
            int tail = rows + rem, first = (tail + 1) / 2;
            i0 = (full - 1) * rows;
            if (s == full - 1) return first;
            i0 += first;
            return tail - first;
        }
        i0 = s * rows;
        return Math.Min(rows, m - i0);
    }

    /// <summary>Whether to compute Cᵀ = Bᵀ·Aᵀ instead: n narrow and ragged, m comfortably larger.</summary>
    internal static bool ShouldSwap(int m, int n) => n < 16 && n % 8 != 0 && m >= 2 * n;

    private static float* Align(float* p) => (float*)(((nint)p + 63) & ~(nint)63);

    [HotLoop]
    private static void Execute(void* state, int index, int count)
    {
        Job* job = (Job*)state;
        if (job->ColumnShares == 0)
        {
            RunBlocked(job, 0, job->N, count > 1, job->Counters, job->RowProgress, job->PackB, index);
            return;
        }
        // Column shares: each thread runs whole shares of C's columns alone (its own B blocks, its own A slivers),
        // so no thread ever waits for another.
        int slivers = (job->M + job->Rows - 1) / job->Rows;
        int phases = (Math.Min(job->ShareWidth, job->N) + job->BlockN - 1) / job->BlockN * ((job->K + job->BlockK - 1) / job->BlockK);
        var counters = ThreadCounters(phases * CounterStride + slivers + 16);
        var packB = ThreadPackB();
        fixed (int* pcounters = counters)
        fixed (float* ppack = packB)
        {
            int* privateCounters = (int*)Align((float*)pcounters);
            for (int share; (share = KernelThreadPool.Claim(job->ShareCounter, count > 1)) < job->ColumnShares;)
            {
                new Span<int>(privateCounters, phases * CounterStride + slivers).Clear();
                int j0 = share * job->ShareWidth;
                RunBlocked(job, j0, Math.Min(job->N, j0 + job->ShareWidth), false, privateCounters,
                    privateCounters + phases * CounterStride, Align(ppack), 0);
            }
        }
    }

    [HotLoop]
    private static void RunBlocked(Job* job, int colStart, int colEnd, bool shared, int* jobCounters, int* rowProgress, float* jobPackB, int index)
    {
        int m = job->M, n = job->N, k = job->K, blockK = job->BlockK, blockN = job->BlockN;
        int rowsMax = job->Rows, width = job->Width;
        int slivers = (m + rowsMax - 1) / rowsMax;
        var packAArray = t_packA;
        if (packAArray is null || packAArray.Length < job->RowBlock * rowsMax * MaxBlock + 32)
            t_packA = packAArray = GC.AllocateUninitializedArray<float>(Math.Max(job->RowBlock * rowsMax, 16 * Rows) * MaxBlock + 32, pinned: true);
        // A phase's packed B block: its slivers are whole (the last one padded), so the block is rounded up to them.
        int packBStride = blockK * ((blockN + width - 1) / width * width);
        float* tile = stackalloc float[MaxTileRows * MaxWidth];
        var aTable = MatMulMicroKernel.Table(job->Tier, job->TransA);
        int phase = 0;
        fixed (float* packAPinned = packAArray)
        {
            float* packA = Align(packAPinned);
            for (int jc = colStart; jc < colEnd; jc += blockN)
            {
                int nc = Math.Min(blockN, colEnd - jc);
                int bSlivers = (nc + width - 1) / width;
                for (int pc = 0; pc < k; pc += blockK, phase++)
                {
                    int kc = Math.Min(blockK, k - pc);
                    int* counters = jobCounters + phase * CounterStride;
                    float* packB = jobPackB + (phase & 1) * packBStride;
                    if (phase >= 2) WaitFor(counters - 2 * CounterStride + RowsDone, slivers);
                    if (pc == 0 && phase > 0) WaitFor(counters - CounterStride + RowsDone, slivers);
                    for (int s; (s = KernelThreadPool.Claim(counters + BClaimed, shared)) < bSlivers;)
                    {
                        int cols = Math.Min(width, nc - s * width);
                        PackB(job, jc + s * width, cols, pc, kc, packB + s * kc * width);
                        Done(counters + BDone, shared);
                    }
                    WaitFor(counters + BDone, bSlivers);
                    bool accumulate = pc > 0;
                    bool lastK = pc + kc == k;
                    int rowBlocks = job->RowBlocks;
                    for (int blk; (blk = KernelThreadPool.Claim(counters + RowsClaimed, shared)) < rowBlocks;)
                    {
                        int s0 = (int)((long)blk * slivers / rowBlocks), s1 = (int)((long)(blk + 1) * slivers / rowBlocks);
                        for (int s = s0; s < s1; s++)
                        {
                            if (pc > 0) WaitFor(rowProgress + s, phase);
                            int rows = Sliver(m, s, rowsMax, out int i0);
                            PackA(job, i0, rows, pc, kc, packA + (s - s0) * rowsMax * kc);
                        }
                        // Each B sliver stays in L1 while the block's A slivers stream from L2.
                        for (int t = 0; t < bSlivers; t++)
                        {
                            int j0 = jc + t * width;
                            int cols = Math.Min(width, n - j0);
                            bool wide = cols > width / 2;
                            float* bSliver = packB + t * kc * width;
                            bool direct = job->ColStrideC == 1 && !job->BiasOnRows && (cols == width / 2 || cols == width);
                            float* bias = direct && lastK && job->Bias != null ? job->Bias + j0 : null;
                            for (int s = s0; s < s1; s++)
                            {
                                int rows = Sliver(m, s, rowsMax, out int i0);
                                var kernel = aTable[MatMulMicroKernel.Index(rows, wide)];
                                float* aSliver = packA + (s - s0) * rowsMax * kc;
                                nint aStride = job->TransA ? rows : kc;
                                if (direct)
                                {
                                    // The next call's C tile, while this call runs (its loads would otherwise wait on memory).
                                    if (s + 1 < s1)
                                    {
                                        int nextRows = Sliver(m, s + 1, rowsMax, out int nextI0);
                                        PrefetchTile(job, nextI0, nextRows, j0);
                                    }
                                    else if (t + 1 < bSlivers)
                                    {
                                        int firstRows = Sliver(m, s0, rowsMax, out int firstI0);
                                        PrefetchTile(job, firstI0, firstRows, j0 + width);
                                    }
                                }
                                RunKernel(job, kernel, kc, aSliver, aStride, bSliver, wide ? width : width / 2, tile, i0, rows, j0, cols, direct, accumulate, lastK, bias);
                            }
                        }
                        for (int s = s0; s < s1; s++) Volatile.Write(ref rowProgress[s], phase + 1);
                        Done(counters + RowsDone, shared, s1 - s0);
                    }
                }
            }
        }
        if (index == 0 && shared)
            for (int p = 0; p < phase; p++) WaitFor(jobCounters + p * CounterStride + RowsDone, slivers);
    }

    /// <summary>
    /// The panel path: op(A) is read in place (it fits in L2), and each thread claims panels of C (B slivers) one at
    /// a time; for each k block it packs that panel's B sliver (kept in L1; a lone worker with a deep B packs all
    /// full panels ahead instead) and runs the micro-kernel down all row slivers. No thread waits for another, and
    /// each output sees the same k blocks in the same order.
    /// </summary>
    [HotLoop]
    private static void ExecutePanels(void* state, int index, int count)
    {
        Job* job = (Job*)state;
        int m = job->M, n = job->N, k = job->K, blockK = job->BlockK;
        int rowsMax = job->Rows, width = job->Width;
        int slivers = (m + rowsMax - 1) / rowsMax, panels = (n + width - 1) / width;
        bool shared = count > 1;
        var sliverArray = t_packSliver ??= GC.AllocateUninitializedArray<float>(MaxBlock * MaxWidth + 16, pinned: true);
        float* tile = stackalloc float[MaxTileRows * MaxWidth];
        var table = MatMulMicroKernel.Table(job->Tier, job->TransA);
        nint aStride = job->TransA ? m : k;
        // A lone worker packs all of B's full panels first, in one pass down B's rows (each row read once,
        // in order), instead of one strided pass per panel, when B is deep: for the first layer's 784×128 weights,
        // which are not in L2, the per-panel passes cost twice as much (for a 128×128 B, still in L2, packing per
        // panel is as fast). The packed values are the same either way.
        int fullPanels = n / width;
        // One row sliver uses each element of B once per k block, so copying B first would be pure overhead: the kernel
        // reads an untransposed B in place, in the panels whose columns fill it (the same values in the same order).
        bool inPlace = slivers == 1 && !job->TransB;
        bool packAll = !inPlace && !shared && !job->TransB && job->Prepacked == null && blockK == k && k >= PackAllDepth && fullPanels >= 2
                       && (long)k * fullPanels * width <= MaxPackAll;
        var packAllArray = packAll ? EnsurePackAll(k * fullPanels * width) : sliverArray;
        fixed (float* sliverPinned = sliverArray, packAllPinned = packAllArray)
        {
            float* bSliver = Align(sliverPinned);
            float* bAll = Align(packAllPinned);
            if (packAll) PackFullPanels(job, fullPanels, bAll);
            for (int t; (t = KernelThreadPool.Claim(job->Counters, shared)) < panels;)
            {
                int j0 = t * width;
                int cols = Math.Min(width, n - j0);
                bool wide = cols > width / 2;
                bool whole = cols == width / 2 || cols == width;
                bool direct = job->ColStrideC == 1 && !job->BiasOnRows && whole;
                nint ldb = wide ? width : width / 2;
                for (int pc = 0; pc < k; pc += blockK)
                {
                    int kc = Math.Min(blockK, k - pc);
                    bool accumulate = pc > 0, lastK = pc + kc == k;
                    if (inPlace && whole)
                    {
                        bSliver = job->B + (nint)pc * n + j0;
                        ldb = n;
                    }
                    else if (packAll && t < fullPanels) bSliver = bAll + (nint)t * k * width;
                    else if (job->Prepacked != null) bSliver = PrepackedOperand.Sliver(job->Prepacked, k, n, j0, pc, out ldb);
                    else
                    {
                        bSliver = Align(sliverPinned);
                        PackB(job, j0, cols, pc, kc, bSliver);
                    }
                    float* bias = direct && lastK && job->Bias != null ? job->Bias + j0 : null;
                    float* aBlock = job->TransA ? job->A + (nint)pc * m : job->A + pc;
                    for (int s = 0; s < slivers; s++)
                    {
                        int rows = Sliver(m, s, rowsMax, out int i0);
                        var kernel = table[MatMulMicroKernel.Index(rows, wide)];
                        float* aSliver = aBlock + (job->TransA ? i0 : (nint)i0 * k);
                        RunKernel(job, kernel, kc, aSliver, aStride, bSliver, ldb, tile, i0, rows, j0, cols, direct, accumulate, lastK, bias);
                    }
                }
            }
        }
    }

    /// <summary>Least depth from which <see cref="ExecutePanels"/> packs all of B ahead for a lone worker.</summary>
    private const int PackAllDepth = 256;

    /// <summary>Most floats <see cref="ExecutePanels"/> packs ahead for a lone worker (1 MB).</summary>
    private const int MaxPackAll = 1 << 18;

    [ThreadStatic] private static float[]? t_packAll;

    private static float[] EnsurePackAll(int floats)
    {
        var array = t_packAll;
        if (array is null || array.Length < floats + 16)
            t_packAll = array = GC.AllocateUninitializedArray<float>(Math.Max(floats, 1 << 17) + 16, pinned: true);
        return array;
    }

    /// <summary>Panels 0…panels−1 of B (not transposed, one k block), each as <see cref="PackB"/> packs it
    /// (dst[p·16 + j]), panel t at dst + t·k·16, filled one row of B at a time.</summary>
    [HotLoop]
    private static void PackFullPanels(Job* job, int panels, float* dst)
    {
        int n = job->N, k = job->K, width = job->Width;
        nint panelStride = (nint)k * width;
        float* src = job->B;
        for (int p = 0; p < k; p++, src += n, dst += width)
        {
            float* d = dst;
            for (int t = 0; t < panels; t++, d += panelStride)
                for (int j = 0; j < width; j += 8) *(Vector256<float>*)(d + j) = *(Vector256<float>*)(src + t * width + j);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Done(int* counter, bool shared, int amount = 1)
    {
        if (shared) Interlocked.Add(ref *counter, amount);
        else *counter += amount;
    }

    private static void WaitFor(int* counter, int target)
    {
        if (Volatile.Read(ref *counter) >= target) return;
        var spin = new SpinWait();
        while (Volatile.Read(ref *counter) < target) spin.SpinOnce(-1);
    }

    // One micro-kernel call for rows × cols of C at (i0, j0): stored straight into C when the kernel's store fits it
    // (`direct`: row-major C, 8 or 16 columns, bias per column), else into the tile and merged from there.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunKernel(Job* job, delegate*<int, float*, nint, float*, nint, float*, nint, bool, float*, void> kernel,
        int kc, float* aSliver, nint aStride, float* bSliver, nint ldb, float* tile, int i0, int rows, int j0, int cols,
        bool direct, bool accumulate, bool lastK, float* bias)
    {
        if (direct)
        {
            kernel(kc, aSliver, aStride, bSliver, ldb, job->C + i0 * job->RowStrideC + j0, job->RowStrideC, accumulate, bias);
        }
        else
        {
            if (accumulate) Gather(job, tile, i0, rows, j0, cols);
            kernel(kc, aSliver, aStride, bSliver, ldb, tile, job->Width, accumulate, null);
            Merge(job, tile, i0, rows, j0, cols, lastK);
        }
    }

    // The partial sums of a later k block's outputs into the tile, where the kernel's chains go on from them.
    [HotLoop]
    private static void Gather(Job* job, float* tile, int i0, int rows, int j0, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            float* src = job->C + (i0 + r) * job->RowStrideC + j0 * job->ColStrideC;
            float* dst = tile + r * job->Width;
            int j = 0;
            for (; j < cols; j++) dst[j] = src[j * job->ColStrideC];
            for (; j < job->Width; j++) dst[j] = 0f;
        }
    }

    // The tile's rows × cols outputs (+ bias when lastK) into C. For a product computed as Cᵀ (C's rows are the tile's
    // columns), the bias is added in the tile and 8×8 blocks are stored transposed: rows of C written whole rather than
    // one float per row.
    [HotLoop]
    private static void Merge(Job* job, float* tile, int i0, int rows, int j0, int cols, bool lastK)
    {
        float* bias = lastK ? job->Bias : null;
        nint ld = job->ColStrideC;
        if (job->RowStrideC == 1 && ld != 1 && job->BiasOnRows)
        {
            if (bias != null)
                for (int r = 0; r < rows; r++)
                {
                    float* src = tile + r * job->Width;
                    float rowBias = bias[i0 + r];
                    for (int j = 0; j < cols; j++) src[j] += rowBias;
                }
            int rows8 = rows & ~7, cols8 = cols & ~7;
            for (int r = 0; r < rows8; r += 8)
                for (int j = 0; j < cols8; j += 8)
                    Transpose8x8(tile + r * job->Width + j, job->Width, job->C + (j0 + j) * ld + i0 + r, ld);
            for (int j = 0; j < cols; j++)
            {
                float* d = job->C + (j0 + j) * ld + i0;
                for (int r = j < cols8 ? rows8 : 0; r < rows; r++) d[r] = tile[r * job->Width + j];
            }
            return;
        }
        for (int r = 0; r < rows; r++)
        {
            float* dst = job->C + (i0 + r) * job->RowStrideC + j0 * job->ColStrideC;
            float* src = tile + r * job->Width;
            float rowBias = bias != null && job->BiasOnRows ? bias[i0 + r] : 0f;
            for (int j = 0; j < cols; j++)
            {
                float* d = dst + j * job->ColStrideC;
                float v = src[j];
                if (bias != null) v += job->BiasOnRows ? rowBias : bias[j0 + j];
                *d = v;
            }
        }
    }

    /// <summary>
    /// Packs rows i0…i0+rows−1, depth pc…pc+kc−1 of op(A): depth-major dst[p·rows + r] for op(A) = Aᵀ (a copy of
    /// A's rows), else row-major dst[r·kc + p] (a copy of rows of A). Either way no transposition; may write 15
    /// floats past the sliver.
    /// </summary>
    [HotLoop]
    private static void PackA(Job* job, int i0, int rows, int pc, int kc, float* dst)
    {
        int m = job->M, k = job->K;
        if (job->TransA)
        {
            float* src = job->A + (nint)pc * m + i0;
            if (Vector256.IsHardwareAccelerated && rows <= 8 && i0 + 8 <= m)
            {
                // 8-wide copies overlapping the next depth step's slot, which the next copy overwrites.
                for (int p = 0; p < kc; p++, src += m, dst += rows) *(Vector256<float>*)dst = *(Vector256<float>*)src;
                return;
            }
            if (Vector256.IsHardwareAccelerated && rows <= 16 && i0 + 16 <= m)
            {
                for (int p = 0; p < kc; p++, src += m, dst += rows)
                {
                    *(Vector256<float>*)dst = *(Vector256<float>*)src;
                    *(Vector256<float>*)(dst + 8) = *(Vector256<float>*)(src + 8);
                }
                return;
            }
            for (int p = 0; p < kc; p++, src += m, dst += rows)
                CopyShort(src, dst, rows);
            return;
        }
        float* a = job->A + (nint)i0 * k + pc;
        for (int r = 0; r < rows; r++, a += k, dst += kc) new ReadOnlySpan<float>(a, kc).CopyTo(new Span<float>(dst, kc));
    }

    // This thread's pinned phase counters (at least `ints`) and its two B blocks, grown or made on first use.
    private static int[] ThreadCounters(int ints)
    {
        var counters = t_counters;
        if (counters is null || counters.Length < ints)
            t_counters = counters = GC.AllocateArray<int>(ints, pinned: true);
        return counters;
    }

    private static float[] ThreadPackB() => t_packB ??= GC.AllocateUninitializedArray<float>(2 * MaxBlock * MaxBlock + 16, pinned: true);

    // Asks for the rows × 32 (at most) floats of C at (i0, j0) to be brought into L2 (row-major C).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTile(Job* job, int i0, int rows, int j0)
    {
        if (!Sse.IsSupported) return;
        float* c = job->C + (nint)i0 * job->RowStrideC + j0;
        for (int r = 0; r < rows; r++, c += job->RowStrideC)
        {
            Sse.Prefetch1(c);
            Sse.Prefetch1(c + 16);
            Sse.Prefetch1(c + 31);
        }
    }

    /// <summary>
    /// Packs columns j0…j0+cols−1, depth pc…pc+kc−1 of op(B) as dst[p·w + j], zero padded: w = the tier's tile width
    /// (16, or 32 in the 512-bit tier), or half of it for a narrow last sliver.
    /// </summary>
    [HotLoop]
    private static void PackB(Job* job, int j0, int cols, int pc, int kc, float* dst)
    {
        int n = job->N, k = job->K;
        int w = cols > job->Width / 2 ? job->Width : job->Width / 2;
        if (!job->TransB)
        {
            float* src = job->B + (nint)pc * n + j0;
            if (cols == w)
            {
                for (int p = 0; p < kc; p++, src += n, dst += w)
                    for (int j = 0; j < w; j += 8) *(Vector256<float>*)(dst + j) = *(Vector256<float>*)(src + j);
            }
            else
            {
                for (int p = 0; p < kc; p++, src += n, dst += w)
                {
                    int j = 0;
                    for (; j < cols; j++) dst[j] = src[j];
                    for (; j < w; j++) dst[j] = 0f;
                }
            }
            return;
        }
        float* b = job->B + (nint)j0 * k + pc;
        int c = 0;
        for (; c + 8 <= cols; c += 8)
        {
            int p = 0;
            for (; p + 8 <= kc; p += 8) Transpose8x8(b + (nint)c * k + p, k, dst + p * w + c, w);
            for (; p < kc; p++)
                for (int q = c; q < c + 8; q++) dst[p * w + q] = b[(nint)q * k + p];
        }
        for (; c < cols; c++)
            for (int p = 0; p < kc; p++) dst[p * w + c] = b[(nint)c * k + p];
        for (; c < w; c++)
            for (int p = 0; p < kc; p++) dst[p * w + c] = 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyShort(float* src, float* dst, int count)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8) *(Vector256<float>*)(dst + i) = *(Vector256<float>*)(src + i);
            if (i + 4 <= count)
            {
                *(Vector128<float>*)(dst + i) = *(Vector128<float>*)(src + i);
                i += 4;
            }
        }
        for (; i < count; i++) dst[i] = src[i];
    }

    /// <summary>dst[q·dstStride + r] = src[r·srcStride + q] for r, q &lt; 8.</summary>
    [HotLoop]
    internal static void Transpose8x8(float* src, nint srcStride, float* dst, nint dstStride)
    {
        if (!Avx.IsSupported)
        {
            for (int r = 0; r < 8; r++)
                for (int q = 0; q < 8; q++) dst[q * dstStride + r] = src[r * srcStride + q];
            return;
        }
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + srcStride);
        var r2 = Avx.LoadVector256(src + 2 * srcStride);
        var r3 = Avx.LoadVector256(src + 3 * srcStride);
        var r4 = Avx.LoadVector256(src + 4 * srcStride);
        var r5 = Avx.LoadVector256(src + 5 * srcStride);
        var r6 = Avx.LoadVector256(src + 6 * srcStride);
        var r7 = Avx.LoadVector256(src + 7 * srcStride);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(u3, u7, 0x31));
    }
}
