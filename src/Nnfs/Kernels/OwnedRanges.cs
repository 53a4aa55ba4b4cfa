using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// Work items shared by the kernel pool's workers in fixed ranges: items [0, n) are cut into <c>count</c>
/// contiguous ranges, range r belongs to worker r, and each worker claims its own range's items first, in order,
/// then helps with the other ranges (r + 1, r + 2, … round the end), one item at a time from each range's counter.
/// </summary>
/// <remarks>
/// Why fixed ranges: the same worker then takes the same part of every job (the same rows of every batch the
/// predictor splits), so the buffers it writes stay in its own core's cache from one job to
/// the next; on the 2-core Zen 5 of the benchmarks a write to a line the other core has read costs about 20 times a
/// local one. Helping with the other ranges keeps the property that a worker the OS has not scheduled yet (or that
/// is asleep) holds no one back. Which worker computes an item never changes what is computed, so results stay
/// independent of the thread count. Each range's counter has its own cache line.
/// </remarks>
internal static unsafe class OwnedRanges
{
    /// <summary>Ints between two ranges' counters: one 64-byte cache line.</summary>
    private const int Stride = 16;

    /// <summary>Ints a counter buffer for <paramref name="count"/> ranges needs, alignment included.</summary>
    internal static int CounterInts(int count) => count * Stride + Stride;

    /// <summary>Aligns <paramref name="buffer"/> (of <see cref="CounterInts"/> ints) to a cache line, zeroes the
    /// <paramref name="count"/> counters and returns them.</summary>
    internal static int* Reset(int* buffer, int count)
    {
        int* counters = (int*)(((nint)buffer + 63) & ~(nint)63);
        for (int r = 0; r < count; r++) counters[r * Stride] = 0;
        return counters;
    }

    /// <summary>First item of range <paramref name="range"/> of <paramref name="count"/> over <paramref name="items"/>
    /// items (range <paramref name="count"/> starts at <paramref name="items"/>): ⌊items · range / count⌋.</summary>
    internal static int Start(int items, int range, int count) => (int)((long)items * range / count);

    /// <summary>
    /// The next item for worker <paramref name="index"/> of <paramref name="count"/>, or −1 when every range is
    /// taken. <paramref name="range"/> starts as <paramref name="index"/> and follows the range being taken.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Claim(int* counters, int items, int index, int count, ref int range)
    {
        if (count <= 1)
        {
            int i = (*counters)++;
            return i < items ? i : -1;
        }
        return ClaimShared(counters, items, index, count, ref range);
    }

    private static int ClaimShared(int* counters, int items, int index, int count, ref int range)
    {
        while (true)
        {
            int start = Start(items, range, count), size = Start(items, range + 1, count) - start;
            int* counter = counters + range * Stride;
            if (Volatile.Read(ref *counter) < size)
            {
                int i = Interlocked.Increment(ref *counter) - 1;
                if (i < size) return start + i;
            }
            range = range + 1 == count ? 0 : range + 1;
            if (range == index) return -1;
        }
    }
}
