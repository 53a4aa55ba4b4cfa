namespace Nnfs.Testing;

/// <summary>
/// Measures what warm calls allocate on the calling thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) so
/// that one-off work the runtime does on that thread soon after the first calls cannot fail an allocation test,
/// while any allocation made by the calls themselves still does.
/// </summary>
/// <remarks>
/// After <c>warmup</c> calls, windows of <c>calls</c> calls each are measured until one allocates exactly 0 bytes,
/// at most <see cref="Windows"/> of them. Code that allocates on every call, or every few calls, allocates in every
/// window and fails; what passes is a full window of steady-state calls that allocated nothing. A single window
/// right after one warm-up call (what the tests did before) also counts bytes the runtime attributes to the thread
/// while the just-called methods change tiers under a busy parallel test run; those happen once, so a later window
/// is clean.
/// </remarks>
public static class SteadyState
{
    /// <summary>The most windows measured: 5.</summary>
    public const int Windows = 5;

    /// <summary>The bytes allocated by each window measured, in order; the last is 0 unless all were nonzero.</summary>
    public static long[] Allocations(Action call, int calls = 10, int warmup = 1)
    {
        ArgumentNullException.ThrowIfNull(call);
        for (int i = 0; i < warmup; i++) call();
        var windows = new long[Windows];
        int measured = 0;
        while (measured < Windows)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++) call();
            windows[measured++] = GC.GetAllocatedBytesForCurrentThread() - before;
            if (windows[measured - 1] == 0) break;
        }
        return windows[..measured];
    }

    /// <summary>Fails unless a window of <paramref name="calls"/> warm calls allocates exactly 0 bytes.</summary>
    public static void AssertAllocatesNothing(Action call, string what, int calls = 10, int warmup = 1)
    {
        long[] windows = Allocations(call, calls, warmup);
        Assert.True(windows[^1] == 0,
            $"{what} allocates in steady state: {string.Join(", ", windows)} bytes in {windows.Length} windows of {calls} calls each");
    }
}
