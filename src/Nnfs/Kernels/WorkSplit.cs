namespace Nnfs.Kernels;

/// <summary>
/// How many threads a piece of work uses: as many as are allowed, but never so many that a thread's share is
/// smaller than the cost of handing it over.
/// </summary>
/// <remarks>
/// Handing work to a pool worker costs a few microseconds on the 2-core Zen 5 of the benchmarks (a cache line moved
/// between the cores and back: 1.5 µs measured for the round trip, and the worker's first reads of the inputs come
/// from the other core at 10–25 GB/s), so a share must be worth several times that to pay.
/// </remarks>
internal static class WorkSplit
{
    /// <summary>
    /// Parts for <paramref name="items"/> items costing <paramref name="work"/> in all, on at most
    /// <paramref name="threads"/> threads, each part at least <paramref name="minWorkPerPart"/>: min(threads, items,
    /// ⌊work / minWorkPerPart⌋), at least 1.
    /// </summary>
    internal static int Parts(long work, int items, int threads, long minWorkPerPart)
    {
        long byWork = minWorkPerPart > 0 ? work / minWorkPerPart : long.MaxValue;
        long parts = Math.Min(Math.Min(threads, items), byWork);
        return (int)Math.Max(1, parts);
    }
}
