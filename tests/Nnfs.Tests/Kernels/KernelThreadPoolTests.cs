using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

[Collection(KernelPoolCollection.Name)]
public unsafe class KernelThreadPoolTests
{
    private struct Rendezvous
    {
        public int WorkerCame, Ran, InnerCount;
    }

    // Index 0 waits (up to 10 s) for a worker to enter, so that the job really ran on two threads.
    private static void MeetWorker(void* state, int index, int count)
    {
        var r = (Rendezvous*)state;
        Interlocked.Increment(ref r->Ran);
        if (count < 2) return;
        if (index > 0)
        {
            Volatile.Write(ref r->WorkerCame, 1);
            return;
        }
        var limit = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref r->WorkerCame) == 0 && DateTime.UtcNow < limit) Thread.Yield();
    }

    private static void Inner(void* state, int index, int count) => ((Rendezvous*)state)->InnerCount = count;

    private static void CallsAKernel(void* state, int index, int count)
    {
        if (index != 0) return;
        ((Rendezvous*)state)->Ran = count;
        KernelThreadPool.Run(2, &Inner, state);
    }

    // Another test may hold the pool (a busy pool runs the job alone): try until the job got two threads.
    private static Rendezvous RunOnTwoThreads(delegate*<void*, int, int, void> body)
    {
        Skip.IfNot(KernelThreadPool.CanStartThreads);
        for (int attempt = 0; attempt < 200; attempt++)
        {
            var r = new Rendezvous { InnerCount = -1 };
            KernelThreadPool.Run(2, body, &r);
            if (r.WorkerCame == 1) return r;
            Thread.Sleep(10);
        }
        throw new InvalidOperationException("the kernel pool never ran a job on two threads");
    }

    [SkippableFact]
    public void StatisticsCountTheJobsAndTheWorkersShares()
    {
        var before = KernelThreadPool.Statistics;
        RunOnTwoThreads(&MeetWorker);
        var after = KernelThreadPool.Statistics;
        Assert.True(after.Jobs > before.Jobs, $"jobs {before.Jobs} -> {after.Jobs}");
        Assert.True(after.Joined > before.Joined, $"joined {before.Joined} -> {after.Joined}");
        Assert.True(after.Joined - before.Joined <= after.Jobs - before.Jobs + 16, "a worker joined more jobs than were dispatched");
    }

    [SkippableFact]
    public void AKernelCalledFromAJobRunsAloneOnThatThread()
    {
        // Without the rule the caller would re-enter the pool (its lock is re-entrant) and publish a second job
        // over the first.
        Skip.IfNot(KernelThreadPool.CanStartThreads);
        int checkedJobs = 0;
        for (int attempt = 0; attempt < 1000 && checkedJobs < 20; attempt++)
        {
            var r = new Rendezvous { InnerCount = -1 };
            KernelThreadPool.Run(2, &CallsAKernel, &r);
            if (r.Ran < 2)
            {
                // The pool was busy with another test's job: the outer job ran alone.
                Thread.Sleep(10);
                continue;
            }
            Assert.Equal(1, r.InnerCount);
            checkedJobs++;
        }
        Assert.True(checkedJobs > 0, "the kernel pool never ran a job on two threads");
    }

    // Waits (up to 10 s) until a worker has gone to sleep since `sleeps`; false if none did.
    private static bool AWorkerSleepsAfter(long sleeps)
    {
        var limit = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < limit)
        {
            if (KernelThreadPool.Statistics.Sleeps > sleeps) return true;
            Thread.Sleep(5);
        }
        return false;
    }

    // Wakes the worker with a two-thread job, then returns the sleeps counted so far.
    private static long WakeTheWorker()
    {
        RunOnTwoThreads(&MeetWorker);
        return KernelThreadPool.Statistics.Sleeps;
    }

    [SkippableFact]
    public void AHotSectionKeepsTheWorkerFromSleeping()
    {
        long before;
        using (KernelThreadPool.Hold())
        {
            before = WakeTheWorker();
            // 400 times the spin time: without the section the worker would have gone to sleep.
            Thread.Sleep(20);
            Assert.Equal(before, KernelThreadPool.Statistics.Sleeps);
        }
        Assert.True(AWorkerSleepsAfter(before), "the worker never slept after the hot section closed");
    }

    [SkippableFact]
    public void HotSectionsNestAndTheOuterOneStillHolds()
    {
        using var outer = KernelThreadPool.Hold();
        var inner = KernelThreadPool.Hold();
        long before = WakeTheWorker();
        inner.Dispose();
        inner.Dispose();
        Assert.True(KernelThreadPool.Held);
        Thread.Sleep(20);
        Assert.Equal(before, KernelThreadPool.Statistics.Sleeps);
    }
}
