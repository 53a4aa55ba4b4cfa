namespace Nnfs.Tests;

public class SteadyStateTests
{
    [Fact]
    public void CallsThatAllocateNothingPassInOneWindow()
    {
        int[] counter = [0];
        Assert.Equal(new[] { 0L }, SteadyState.Allocations(() => counter[0]++, calls: 10, warmup: 1));
        SteadyState.AssertAllocatesNothing(() => counter[0]++, "counting");
        Assert.True(counter[0] > 11);
    }

    [Fact]
    public void CallsThatAllocateEveryTimeFailInEveryWindow()
    {
        object? keep = null;
        var windows = SteadyState.Allocations(() => keep = new byte[100], calls: 10);
        Assert.Equal(SteadyState.Windows, windows.Length);
        Assert.All(windows, w => Assert.True(w >= 10 * 100, $"{w} bytes"));
        var ex = Assert.ThrowsAny<Exception>(() => SteadyState.AssertAllocatesNothing(() => keep = new byte[100], "allocating"));
        Assert.Contains("allocating allocates in steady state", ex.Message);
        GC.KeepAlive(keep);
    }

    [Fact]
    public void CallsThatAllocateEveryFewCallsFailToo()
    {
        int n = 0;
        object? keep = null;
        var windows = SteadyState.Allocations(() => { if (++n % 7 == 0) keep = new object(); }, calls: 10);
        Assert.Equal(SteadyState.Windows, windows.Length);
        Assert.DoesNotContain(0L, windows);
        GC.KeepAlive(keep);
    }

    [Fact]
    public void AOneOffAllocationAfterWarmUpIsNotCounted()
    {
        // Stands in for one-off runtime work in the first window: it allocates once, the next window is clean.
        int n = 0;
        object? keep = null;
        var windows = SteadyState.Allocations(() => { if (++n == 3) keep = new object(); }, calls: 10, warmup: 1);
        Assert.Equal(2, windows.Length);
        Assert.True(windows[0] > 0);
        Assert.Equal(0, windows[1]);
        GC.KeepAlive(keep);
    }
}
