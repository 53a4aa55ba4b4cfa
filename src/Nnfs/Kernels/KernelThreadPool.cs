using System.Diagnostics;
using System.Runtime.InteropServices;

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
/// woken promptly by the scheduler. Inside a hot section (<see cref="Hold"/>: a training step) workers do not sleep
/// between jobs: they spin, or yield while quiet. A caller that finds the pool busy (another thread is running a job) runs its job
/// alone, which is safe because the kernels give the same results whatever the thread count. The job body receives <c>(state, index, count)</c>; it must not
/// count on all <c>count</c> workers taking part: a worker that wakes after the caller has finished the job (the
/// job is closed) skips it, so bodies share work through counters, and the caller waits only for workers that
/// actually entered. In the browser and under WASI (single-threaded WebAssembly, where starting a thread throws
/// <see cref="PlatformNotSupportedException"/>) no worker is ever started: every job runs on the calling thread,
/// whatever <see cref="Engine.Threads"/> asks for. A job's body may call kernels (the predictor runs a whole forward
/// pass per worker): on a worker, or on the caller inside its share, they run alone on that thread. Workers start
/// without the starting thread's execution context, so they see the process's <see cref="Engine"/> defaults, not a
/// setting that thread made for itself.
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
    private static int s_holds;
    private static Lines s_lines;

    // The job as the dispatcher publishes it and the workers read it, on a cache line (or two) of its own; the count
    // of workers inside the job on another, so that a worker entering a job does not take from the dispatcher the
    // line it publishes on (on the 2-core Zen 5 of the benchmarks a line moved between cores costs ~0.7 µs).
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Lines
    {
        [FieldOffset(64)] public int Generation;
        [FieldOffset(68)] public int Open;
        [FieldOffset(72)] public int Count;
        [FieldOffset(80)] public delegate*<void*, int, int, void> Body;
        [FieldOffset(88)] public void* State;
        [FieldOffset(176)] public int Active;
    }

    // True on a pool worker, and on a caller while it runs its share of a job: a kernel called from a job's body
    // runs alone on that thread (the pool runs one job at a time; the dispatch lock is re-entrant).
    [ThreadStatic] private static bool t_inJob;

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

    // Counts for the benchmarks' profile (Statistics): jobs dispatched to several threads, on the dispatcher's line;
    // then per worker, each on its own cache line, jobs it ran, times it went to sleep, times it turned quiet.
    private const int StatStride = 16, MaxCountedWorkers = 15;
    private static readonly long[] s_stats = new long[(MaxCountedWorkers + 1) * StatStride];

    /// <summary>
    /// Since start-up (for the benchmarks' profile): jobs run on several threads, jobs in which a worker ran part of
    /// the body, times a worker slept (no job within <see cref="SpinTime"/>, or quiet), and times a worker found it
    /// had been descheduled while spinning and turned quiet (<see cref="QuietJobs"/>). Counted for the first 15
    /// workers.
    /// </summary>
    internal static (long Jobs, long Joined, long Sleeps, long Quiet) Statistics
    {
        get
        {
            long joined = 0, sleeps = 0, quiet = 0;
            for (int w = 1; w <= MaxCountedWorkers; w++)
            {
                joined += Volatile.Read(ref s_stats[w * StatStride]);
                sleeps += Volatile.Read(ref s_stats[w * StatStride + 1]);
                quiet += Volatile.Read(ref s_stats[w * StatStride + 2]);
            }
            return (Volatile.Read(ref s_stats[0]), joined, sleeps, quiet);
        }
    }

    /// <summary>
    /// Opens a hot section: until it is disposed, idle workers keep spinning between jobs instead of sleeping after
    /// <see cref="SpinTime"/>, so that every product of a training step finds its worker awake (the element-wise
    /// work, loss and update between two products can take longer than the spin time). Sections nest (a count); one
    /// left open only costs the idle worker's core, never a result.
    /// </summary>
    /// <remarks>
    /// The protection for a busy machine stays: a worker that finds it was descheduled while spinning turns quiet
    /// for <see cref="QuietJobs"/> jobs, and while quiet inside a section it yields its core to any other runnable
    /// thread (<see cref="Thread.Yield"/>) between checks instead of spinning. Outside any section, quiet workers
    /// sleep at once as before.
    /// </remarks>
    internal static HotSection Hold()
    {
        Interlocked.Increment(ref s_holds);
        return new HotSection(true);
    }

    /// <summary>True while a hot section (<see cref="Hold"/>) is open.</summary>
    internal static bool Held => Volatile.Read(ref s_holds) > 0;

    /// <summary>An open hot section of the pool (<see cref="Hold"/>); disposing it closes it, once.</summary>
    internal struct HotSection : IDisposable
    {
        private bool _open;

        internal HotSection(bool open) => _open = open;

        /// <summary>Closes the section; a second call does nothing.</summary>
        public void Dispose()
        {
            if (!_open) return;
            _open = false;
            Interlocked.Decrement(ref s_holds);
        }
    }

    /// <summary>Runs <paramref name="body"/> on <paramref name="count"/> threads and returns when all are done.</summary>
    public static void Run(int count, delegate*<void*, int, int, void> body, void* state)
    {
        if (count <= 1 || !CanStartThreads || t_inJob || !Monitor.TryEnter(s_dispatch))
        {
            body(state, 0, 1);
            return;
        }
        try
        {
            EnsureWorkers(count - 1);
            s_stats[0]++;
            s_lines.Body = body;
            s_lines.State = state;
            s_lines.Count = count;
            lock (s_gate)
            {
                int generation = ++s_lines.Generation;
                Volatile.Write(ref s_lines.Open, generation);
                if (s_sleepers > 0) Monitor.PulseAll(s_gate);
            }
            t_inJob = true;
            try
            {
                body(state, 0, count);
            }
            finally
            {
                t_inJob = false;
            }
            Interlocked.Exchange(ref s_lines.Open, 0);
            var spin = new SpinWait();
            while (Volatile.Read(ref s_lines.Active) != 0) spin.SpinOnce(-1);
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
            lock (s_gate) seen = s_lines.Generation;
            var thread = new Thread(() => WorkerLoop(index, seen))
            {
                IsBackground = true,
                Name = $"Nnfs kernel worker {index}",
            };
            // Without the caller's execution context: a worker must not keep the Engine settings (an AsyncLocal)
            // of whichever thread happened to start it.
            thread.UnsafeStart();
        }
    }

    private static void WorkerLoop(int index, int seen)
    {
        t_inJob = true;
        int quiet = 0;
        // Workers beyond the counted ones count into a private array that nobody reads.
        var counts = index <= MaxCountedWorkers ? s_stats : new long[3];
        int stats = index <= MaxCountedWorkers ? index * StatStride : 0;
        while (true)
        {
            long start = Stopwatch.GetTimestamp(), last = start;
            while (Volatile.Read(ref s_lines.Generation) == seen)
            {
                long now = Stopwatch.GetTimestamp();
                bool held = Volatile.Read(ref s_holds) > 0;
                if (quiet == 0 && (held || now - start < s_spinTicks))
                {
                    if (now - last > s_preemptedTicks)
                    {
                        quiet = QuietJobs;
                        counts[stats + 2]++;
                    }
                    last = now;
                    Thread.SpinWait(30);
                    continue;
                }
                if (held)
                {
                    Thread.Yield();
                    continue;
                }
                counts[stats + 1]++;
                lock (s_gate)
                {
                    s_sleepers++;
                    while (s_lines.Generation == seen) Monitor.Wait(s_gate);
                    s_sleepers--;
                }
            }
            if (quiet > 0) quiet--;
            seen = Volatile.Read(ref s_lines.Generation);
            Interlocked.Increment(ref s_lines.Active);
            try
            {
                if (Volatile.Read(ref s_lines.Open) == seen && index < s_lines.Count)
                {
                    counts[stats]++;
                    s_lines.Body(s_lines.State, index, s_lines.Count);
                }
            }
            finally
            {
                Interlocked.Decrement(ref s_lines.Active);
            }
        }
    }
}
