using System.Diagnostics;

namespace Nnfs.Benchmarks.Micro;

/// <summary>The operands and the timing loop shared by the <c>gemm</c> and <c>exact</c> tables.</summary>
internal static class ProductTiming
{
    /// <summary>Operands of an m×k by k×n product, uniform in [−1, 1) from <c>new Random(0)</c>, and its output.</summary>
    public static (float[] A, float[] B, float[] C) Operands(int m, int k, int n)
    {
        var random = new Random(0);
        var a = new float[m * k];
        var b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(random.NextDouble() * 2 - 1);
        return (a, b, new float[m * n]);
    }

    /// <summary>The clock: process CPU time or wall time, in seconds.</summary>
    public static double Now(bool cpuTime) => cpuTime
        ? Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds
        : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    /// <summary>
    /// GFLOP/s of batches of <paramref name="call"/>, sorted ascending: after <paramref name="warmups"/> calls, a
    /// batch is sized to last about <paramref name="batchSeconds"/>, and batches run for <paramref name="seconds"/>
    /// of wall time (at least five).
    /// </summary>
    public static List<double> Rates(Action call, double flops, int warmups, double seconds, double batchSeconds, bool cpuTime)
    {
        for (int i = 0; i < warmups; i++) call();
        long t0 = Stopwatch.GetTimestamp();
        call();
        double one = Math.Max(Stopwatch.GetElapsedTime(t0).TotalSeconds, 1e-7);
        int reps = Math.Max(1, (int)(batchSeconds / one));
        var rates = new List<double>();
        long end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end || rates.Count < 5)
        {
            double t = Now(cpuTime);
            for (int r = 0; r < reps; r++) call();
            rates.Add(flops * reps / (Now(cpuTime) - t) / 1e9);
        }
        rates.Sort();
        return rates;
    }
}
