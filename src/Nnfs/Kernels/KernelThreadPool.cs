using System.Diagnostics;

namespace Nnfs.Kernels;

/// <summary>
/// A small persistent pool of worker threads for the matrix kernels: one job at a time, the calling thread takes
/// part as worker 0, no allocation per job.
/// </summary>
/// <remarks>
/// Workers spin briefly after a job (training issues products back to back; <see cref="SpinTime"/>), then sleep on a
/// monitor. A worker that finds it was descheduled while spinning (two checks far apart: the machine has more
/// runnable threads than cores) stops spinning for the next <see cref="QuietJobs"/> jobs and sleeps at once, since
/// on an oversubscribed machine a spinning worker takes the core from the process's own threads, and a sleeper is
/// woken promptly by the scheduler. A caller that finds the pool busy (another thread is running a job) runs its job
/// alone, which is safe because the kernels give the same results whatever the thread count. The job body receives <c>(state, index, count)</c>; it must not
/// count on all <c>count</c> workers taking part: a worker that wakes after the caller has finished the job (the
/// job is closed) skips it, so bodies share work through counters, and the caller waits only for workers that
/// actually entered. In the browser and under WASI (single-threaded WebAssembly, where starting a thread throws
/// <see cref="PlatformNotSupportedException"/>) no worker is ever started: every job runs on the calling thread,
/// whatever <see cref="Engine.Threads"/> asks for.
/// </remarks>
internal static unsafe class KernelThreadPool
{
    /// <summary>Takes the next work item from a counter: atomically when <paramref name="shared"/> (other workers
    /// take part), as a plain increment otherwise. Returns the item's index.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static int Claim(int* counter, bool shared) => shared ? Interlocked.Increment(ref *counter) - 1 : (*counter)++;

    /// <summary>False in the browser and under WASI, where no thread can be started.</summary>
    internal static bool CanStartThreads { get; } = !OperatingSystem.IsBrowser() && !OperatingSystem.IsWasi();

    private static readonly object s_dispatch = new();
    private static readonly object s_gate = new();
    private static long s_spinTicks = Stopwatch.Frequency / 20000;
    private static readonly long s_preemptedTicks = Stopwatch.Frequency / 50000;

    /// <summary>Jobs during which a worker that was descheduled while spinning sleeps at once instead.</summary>
    internal const int QuietJobs = 64;
    private static int s_workers;
    private static int s_sleepers;
    private static int s_generation;
    private static int s_open;
    private static int s_active;
    private static int s_count;
    private static delegate*<void*, int, int, void> s_body;
    private static void* s_state;

    /// <summary>
    /// How long an idle worker spins before it sleeps (default 50 µs: back-to-back products such as dW and dX of a
    /// layer, not the longer element-wise phases between layers), a tuning knob for the benchmarks. On the shared
    /// 2-core machine (load 10) a training-step probe ran at 1.5–1.6 ms/step (best burst) with 0–50 µs and 1.8–2.0
    /// ms with 200 µs.
    /// </summary>
    internal static TimeSpan SpinTime
    {
        get => TimeSpan.FromSeconds(s_spinTicks / (double)Stopwatch.Frequency);
        set => s_spinTicks = value >= TimeSpan.Zero ? (long)(value.TotalSeconds * Stopwatch.Frequency) : throw new ArgumentOutOfRangeException(nameof(value));
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="count"/> threads and returns when all are done.</summary>
    public static void Run(int count, delegate*<void*, int, int, void> body, void* state)
    {
        if (count <= 1 || !CanStartThreads || !Monitor.TryEnter(s_dispatch))
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
            lock (s_gate)
            {
                int generation = ++s_generation;
                Volatile.Write(ref s_open, generation);
                if (s_sleepers > 0) Monitor.PulseAll(s_gate);
            }
            body(state, 0, count);
            Interlocked.Exchange(ref s_open, 0);
            var spin = new SpinWait();
            while (Volatile.Read(ref s_active) != 0) spin.SpinOnce(-1);
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
        int quiet = 0;
        while (true)
        {
            long start = Stopwatch.GetTimestamp(), last = start;
            while (Volatile.Read(ref s_generation) == seen)
            {
                long now = Stopwatch.GetTimestamp();
                if (quiet == 0 && now - start < s_spinTicks)
                {
                    if (now - last > s_preemptedTicks) quiet = QuietJobs;
                    last = now;
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
            if (quiet > 0) quiet--;
            seen = Volatile.Read(ref s_generation);
            Interlocked.Increment(ref s_active);
            try
            {
                if (Volatile.Read(ref s_open) == seen && index < s_count) s_body(s_state, index, s_count);
            }
            finally
            {
                Interlocked.Decrement(ref s_active);
            }
        }
    }
}
