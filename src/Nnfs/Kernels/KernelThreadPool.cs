using System.Diagnostics;

namespace Nnfs.Kernels;

/// <summary>
/// A small persistent pool of worker threads for the matrix kernels: one job at a time, the calling thread takes
/// part as worker 0, no allocation per job.
/// </summary>
/// <remarks>
/// Workers spin briefly after a job (training issues products back to back), then sleep on a monitor. A caller that
/// finds the pool busy (another thread is running a job) runs its job alone, which is safe because the kernels give
/// the same results whatever the thread count. The job body receives <c>(state, index, count)</c> and must do its
/// share for worker <c>index</c> of <c>count</c>.
/// </remarks>
internal static unsafe class KernelThreadPool
{
    private static readonly object s_dispatch = new();
    private static readonly object s_gate = new();
    private static readonly long s_spinTicks = Stopwatch.Frequency / 5000;
    private static int s_workers;
    private static int s_sleepers;
    private static int s_generation;
    private static int s_remaining;
    private static int s_count;
    private static delegate*<void*, int, int, void> s_body;
    private static void* s_state;

    /// <summary>Runs <paramref name="body"/> on <paramref name="count"/> threads and returns when all are done.</summary>
    public static void Run(int count, delegate*<void*, int, int, void> body, void* state)
    {
        if (count <= 1 || !Monitor.TryEnter(s_dispatch))
        {
            body(state, 0, 1);
            return;
        }
        try
        {
            EnsureWorkers(count - 1);
            s_body = body;
            s_state = state;
            s_count = count;
            Volatile.Write(ref s_remaining, count - 1);
            lock (s_gate)
            {
                s_generation++;
                if (s_sleepers > 0) Monitor.PulseAll(s_gate);
            }
            body(state, 0, count);
            var spin = new SpinWait();
            while (Volatile.Read(ref s_remaining) != 0) spin.SpinOnce(-1);
        }
        finally
        {
            Monitor.Exit(s_dispatch);
        }
    }

    private static void EnsureWorkers(int needed)
    {
        while (s_workers < needed)
        {
            int index = ++s_workers;
            int seen;
            lock (s_gate) seen = s_generation;
            var thread = new Thread(() => WorkerLoop(index, seen))
            {
                IsBackground = true,
                Name = $"Nnfs kernel worker {index}",
            };
            thread.Start();
        }
    }

    private static void WorkerLoop(int index, int seen)
    {
        while (true)
        {
            long start = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref s_generation) == seen)
            {
                if (Stopwatch.GetTimestamp() - start < s_spinTicks)
                {
                    Thread.SpinWait(30);
                    continue;
                }
                lock (s_gate)
                {
                    s_sleepers++;
                    while (s_generation == seen) Monitor.Wait(s_gate);
                    s_sleepers--;
                }
            }
            seen = Volatile.Read(ref s_generation);
            if (index < s_count)
            {
                try
                {
                    s_body(s_state, index, s_count);
                }
                finally
                {
                    Interlocked.Decrement(ref s_remaining);
                }
            }
        }
    }
}

/// <summary>A spinning barrier for the threads of one <see cref="KernelThreadPool"/> job.</summary>
internal struct KernelBarrier
{
    private int _arrived;
    private int _phase;

    /// <summary>Waits until <paramref name="count"/> threads have called this for the current phase.</summary>
    public void SignalAndWait(int count)
    {
        if (count <= 1) return;
        int phase = Volatile.Read(ref _phase);
        if (Interlocked.Increment(ref _arrived) == count)
        {
            _arrived = 0;
            Volatile.Write(ref _phase, phase + 1);
            return;
        }
        var spin = new SpinWait();
        while (Volatile.Read(ref _phase) == phase) spin.SpinOnce(-1);
    }
}
