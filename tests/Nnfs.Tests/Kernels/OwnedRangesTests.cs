using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public unsafe class OwnedRangesTests
{
    private static List<int> ClaimAll(int* counters, int items, int index, int count)
    {
        var claimed = new List<int>();
        int range = index;
        for (int i; (i = OwnedRanges.Claim(counters, items, index, count, ref range)) >= 0;) claimed.Add(i);
        return claimed;
    }

    [Fact]
    public void AWorkerTakesItsOwnRangeFirstThenHelpsWithTheOthers()
    {
        int* buffer = stackalloc int[OwnedRanges.CounterInts(3)];
        int* counters = OwnedRanges.Reset(buffer, 3);
        // 10 items in 3 ranges: [0, 3), [3, 6), [6, 10). Worker 1 alone: its own range, then 2's, then 0's.
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 0, 1, 2], ClaimAll(counters, 10, 1, 3));
        Assert.Empty(ClaimAll(counters, 10, 0, 3));
        Assert.Empty(ClaimAll(counters, 10, 2, 3));
    }

    [Fact]
    public void WorkersThatComeInTurnEachKeepTheirOwnRange()
    {
        int* buffer = stackalloc int[OwnedRanges.CounterInts(2)];
        int* counters = OwnedRanges.Reset(buffer, 2);
        int r0 = 0, r1 = 1;
        var first = new List<int>();
        var second = new List<int>();
        for (int step = 0; step < 4; step++)
        {
            first.Add(OwnedRanges.Claim(counters, 8, 0, 2, ref r0));
            second.Add(OwnedRanges.Claim(counters, 8, 1, 2, ref r1));
        }
        Assert.Equal([0, 1, 2, 3], first);
        Assert.Equal([4, 5, 6, 7], second);
        Assert.Equal(-1, OwnedRanges.Claim(counters, 8, 0, 2, ref r0));
    }

    [Fact]
    public void OneWorkerClaimsEveryItemInOrder()
    {
        int* buffer = stackalloc int[OwnedRanges.CounterInts(1)];
        int* counters = OwnedRanges.Reset(buffer, 1);
        Assert.Equal(Enumerable.Range(0, 5), ClaimAll(counters, 5, 0, 1));
    }

    [Fact]
    public void ResetAlignsTheCountersToACacheLineAndZeroesThem()
    {
        int* buffer = stackalloc int[OwnedRanges.CounterInts(4)];
        for (int i = 0; i < OwnedRanges.CounterInts(4); i++) buffer[i] = 7;
        int* counters = OwnedRanges.Reset(buffer, 4);
        Assert.Equal(0, (long)counters % 64);
        Assert.True(counters >= buffer && counters + 3 * 16 < buffer + OwnedRanges.CounterInts(4));
        for (int r = 0; r < 4; r++) Assert.Equal(0, counters[r * 16]);
    }

    [Fact]
    public void ConcurrentWorkersClaimEveryItemExactlyOnce()
    {
        const int Items = 5000, Workers = 4, Rounds = 20;
        var buffer = new int[OwnedRanges.CounterInts(Workers)];
        for (int round = 0; round < Rounds; round++)
        {
            var taken = new int[Items];
            fixed (int* pb = buffer)
            {
                nint counters = (nint)OwnedRanges.Reset(pb, Workers);
                using var start = new Barrier(Workers);
                var threads = Enumerable.Range(0, Workers).Select(w => new Thread(() =>
                {
                    start.SignalAndWait();
                    int range = w;
                    for (int i; (i = OwnedRanges.Claim((int*)counters, Items, w, Workers, ref range)) >= 0;)
                        Interlocked.Increment(ref taken[i]);
                })).ToList();
                threads.ForEach(t => t.Start());
                threads.ForEach(t => t.Join());
            }
            Assert.All(taken, count => Assert.Equal(1, count));
        }
    }
}
