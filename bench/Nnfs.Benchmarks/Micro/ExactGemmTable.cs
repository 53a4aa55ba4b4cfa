using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Nnfs.Benchmarks.Machine;
using Nnfs.Kernels;

namespace Nnfs.Benchmarks.Micro;

/// <summary>
/// The <c>exact</c> mode: GFLOP/s of the exact-path kernel (double accumulation) for the 784-128-128-10 network's
/// products at batch 128, against the double-precision FMA peak (half the float one) and beside OpenBLAS's dgemm
/// (through NumPy, float64 operands and output: what the same arithmetic costs in a BLAS; <see cref="OpenBlasPeer"/>).
/// </summary>
internal static class ExactGemmTable
{
    /// <summary>
    /// One thread's FP64 peak: <c>--peak-gflops</c>, else half the FP32 peak measured at start (<see cref="PeakProbe"/>:
    /// the same FMA units hold half as many doubles).
    /// </summary>
    private static double PeakPerCore;

    private static void SetPeak(double? given)
    {
        var measured = given is null ? PeakProbe.Measure() : null;
        PeakPerCore = given ?? measured!.Gflops / 2;
        Console.WriteLine("Peak: " + (measured is null
            ? $"{PeakPerCore:0.#} GFLOP/s FP64 per thread, given with --peak-gflops"
            : $"{PeakPerCore:0.#} GFLOP/s FP64 per thread = half of {measured.Describe()}"));
    }

    private sealed record Shape(string Label, int M, int K, int N, bool TransA, bool TransB);

    private static readonly Shape[] Shapes =
    [
        new("fwd1 128×784·784×128", 128, 784, 128, false, false),
        new("fwd2 128×128·128×128", 128, 128, 128, false, false),
        new("fwd3 128×128·128×10", 128, 128, 10, false, false),
        new("dW1 (128×784)ᵀ·128×128", 784, 128, 128, true, false),
        new("dW2 (128×128)ᵀ·128×128", 128, 128, 128, true, false),
        new("dW3 (128×128)ᵀ·128×10", 128, 128, 10, true, false),
        new("dX3 128×10·(128×10)ᵀ", 128, 10, 128, false, true),
        new("dX2 128×128·(128×128)ᵀ", 128, 128, 128, false, true),
        new("dX1 128×128·(784×128)ᵀ", 128, 128, 784, false, true),
    ];

    public static int Run(string[] args)
    {
        if (args.Length > 1 && args[1] == "--probe")
        {
            SetPeak(null);
            return Probe(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 196);
        }
        int threads = 1;
        double? peak = null;
        double seconds = 0.3;
        bool cpuTime = false;
        string? only = null, peers = null, python = null;
        bool noPeer = false, result = false;
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--cpu-time": cpuTime = true; break;
                case "--only": only = args[++i]; break;
                case "--peak-gflops": peak = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--peers": peers = args[++i]; break;
                case "--python": python = args[++i]; break;
                case "--no-peer": noPeer = true; break;
                case "--result": result = true; break;
                default:
                    Console.Error.WriteLine($"unknown option '{args[i]}'; usage: exact [--threads N] [--seconds S] [--cpu-time] [--only LABEL-PREFIX] [--peak-gflops G] [--peers DIR] [--python PATH] [--no-peer] [--result] | exact --probe [KC]");
                    return 2;
            }
        }
        SetPeak(peak);
        var shapes = Shapes.Where(s => only is null || s.Label.StartsWith(only, StringComparison.Ordinal)).ToArray();
        var mine = new double[shapes.Length];
        var best = new double[shapes.Length];
        for (int i = 0; i < shapes.Length; i++)
        {
            var s = shapes[i];
            var (a, b, c) = ProductTiming.Operands(s.M, s.K, s.N);
            void Call() => MatMulExact.Gemm(s.TransA, s.TransB, s.M, s.N, s.K, a, b, c, threads);
            var rates = ProductTiming.Rates(Call, 2.0 * s.M * s.N * s.K, warmups: 20, seconds, batchSeconds: 0.02, cpuTime);
            (mine[i], best[i]) = (rates[rates.Count / 2], rates[^1]);
        }
        string note = "OpenBLAS dgemm peer skipped (--no-peer).";
        var peer = noPeer ? null : OpenBlasPeer.Run(peers, python,
            shapes.Select(s => new PeerProduct(s.Label, s.M, s.K, s.N, s.TransA, s.TransB)).ToList(),
            float64: true, threads, seconds, cpuTime, out note);
        Console.WriteLine($"Exact kernel, {threads} thread(s), {(cpuTime ? "CPU" : "wall")} time; peak {PeakPerCore * threads:F0} GFLOP/s (FP64). {note}");
        Console.WriteLine("| product | µs/call | GFLOP/s | best | % peak | OpenBLAS dgemm GFLOP/s | ratio |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        double totalUs = 0, totalFlops = 0, peerUs = 0;
        var table = new JsonObject();
        for (int i = 0; i < shapes.Length; i++)
        {
            var s = shapes[i];
            double flops = 2.0 * s.M * s.N * s.K;
            double? theirs = peer is not null && peer.TryGetValue(s.Label, out var p) ? p.Median : null;
            totalUs += flops / mine[i] / 1e3;
            totalFlops += flops;
            peerUs += theirs is double t ? flops / t / 1e3 : double.NaN;
            table[s.Label] = ProductResult.Row(mine[i], theirs, mine[i] / theirs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Label} | {flops / mine[i] / 1e3:F1} | {mine[i]:F1} | {best[i]:F1} | {100 * mine[i] / (PeakPerCore * threads):F0} % | {theirs:F1} | {mine[i] / theirs:F2} |"));
        }
        double all = totalFlops / totalUs / 1e3;
        double? peerAll = double.IsFinite(peerUs) && peerUs > 0 ? totalFlops / peerUs / 1e3 : null;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| all nine (one step) | {totalUs:F1} | {all:F1} | | {100 * all / (PeakPerCore * threads):F0} % | {peerAll:F1} | {all / peerAll:F2} |"));
        if (result)
        {
            table["all nine (one step)"] = ProductResult.Row(all, peerAll, all / peerAll);
            Console.WriteLine(ProductResult.Line("exact", threads, PeakPerCore, table, note));
        }
        return 0;
    }

    /// <summary>The 4×8 micro-kernel alone on L1-resident slivers (8 B slivers, one A sliver), process CPU time.</summary>
    private static unsafe int Probe(int kc)
    {
        const int slivers = 8;
        var a = GC.AllocateArray<double>(4 * kc + 8, pinned: true);
        var b = GC.AllocateArray<float>(slivers * 8 * kc + 16, pinned: true);
        var c = GC.AllocateArray<float>(4 * 8 * slivers + 8, pinned: true);
        var partial = GC.AllocateArray<double>(40, pinned: true);
        for (int i = 0; i < a.Length; i++) a[i] = 0.001 * (i % 7);
        for (int i = 0; i < b.Length; i++) b[i] = 0.001f * (i % 5);
        fixed (double* pa0 = a, pp0 = partial)
        fixed (float* pc = c, pb0 = b)
        {
            double* pa = (double*)(((nint)pa0 + 63) & ~(nint)63);
            float* pb = (float*)(((nint)pb0 + 63) & ~(nint)63);
            double* pp = (double*)(((nint)pp0 + 63) & ~(nint)63);
            double best = 0;
            for (int trial = 0; trial < 20; trial++)
            {
                double t = ProductTiming.Now(cpuTime: true);
                for (int rep = 0; rep < 2000; rep++)
                    for (int s = 0; s < slivers; s++)
                        MatMulExact.Kernel(kc, 1, pa, pb + s * 8 * kc, pp, 0, false, pc + s * 8, slivers * 8, null);
                double sec = ProductTiming.Now(cpuTime: true) - t;
                best = Math.Max(best, 2000.0 * slivers * 2 * 4 * 8 * kc / sec / 1e9);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact kernel 4x8 kc={kc}: best {best:F1} GFLOP/s ({100 * best / PeakPerCore:F0} % of {PeakPerCore:F1} FP64 peak)"));
        }
        return 0;
    }
}
