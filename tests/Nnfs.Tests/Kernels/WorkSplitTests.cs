using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public class WorkSplitTests
{
    [Theory]
    [InlineData(1000L, 10, 4, 100L, 4)]   // enough work for every thread
    [InlineData(250L, 10, 4, 100L, 2)]    // ⌊250 / 100⌋ shares of at least the minimum
    [InlineData(99L, 10, 4, 100L, 1)]     // too little for two: one thread
    [InlineData(10_000L, 3, 8, 100L, 3)]  // never more parts than items
    [InlineData(10_000L, 100, 1, 100L, 1)] // never more than the threads allowed
    [InlineData(0L, 0, 2, 100L, 1)]       // nothing to do still runs as one part
    [InlineData(500L, 10, 2, 0L, 2)]      // no minimum: the threads decide
    public void PartsAreBoundedByThreadsItemsAndTheMinimumShare(long work, int items, int threads, long minimum, int expected) =>
        Assert.Equal(expected, WorkSplit.Parts(work, items, threads, minimum));
}
