using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nnfs.Benchmarks.SideBySide;
using Nnfs.Benchmarks.Machine;
using Nnfs.Kernels;

namespace Nnfs.Benchmarks.Micro;

/// <summary>
/// The plain <c>gemm</c> mode: GFLOP/s of the fast kernel for the 784-128-128-10 network's products at batch 128
/// and for 1024³, as a Markdown table, beside NumPy/OpenBLAS on the same shapes and thread count, interleaved.
/// </summary>
/// <remarks>
/// The peer is the shared <c>gemm_bench.py</c> (its timing loop: ~20 ms batches of calls, median batch); shapes it
/// does not list (the transposed-B input gradients and the smaller layers' gradients) are timed by the same loop
/// through a few lines of Python that import it. Each round measures ours, then runs the peer; the table gives
/// medians over rounds and the median of the per-round ratios, so slow and fast phases of a shared machine hit
/// both sides alike.
/// </remarks>
internal static class GemmTable
{
    /// <summary>One thread's FP32 peak: <c>--peak-gflops</c>, else measured at start (<see cref="PeakProbe"/>).</summary>
    private static double PeakPerCore;

    private sealed record Shape(string Label, string PeerLabel, int M, int K, int N, bool TransA, bool TransB);

    // PeerLabel: gemm_bench.py's name for the shape where it has one, else the shape is timed by the extra script.
    private static readonly Shape[] Shapes =
    [
        new("fwd1 128×784·784×128", "fwd1 128x784@784x128", 128, 784, 128, false, false),
        new("fwd2 128×128·128×128", "fwd2 128x128@128x128", 128, 128, 128, false, false),
        new("fwd3 128×128·128×10", "fwd3 128x128@128x10", 128, 128, 10, false, false),
        new("dW1 (128×784)ᵀ·128×128", "dW1 (128x784)T@128x128", 784, 128, 128, true, false),
        new("dW2 (128×128)ᵀ·128×128", "dW2", 128, 128, 128, true, false),
        new("dW3 (128×128)ᵀ·128×10", "dW3", 128, 128, 10, true, false),
        new("dX3 128×10·(128×10)ᵀ", "dX3", 128, 10, 128, false, true),
        new("dX2 128×128·(128×128)ᵀ", "dX2", 128, 128, 128, false, true),
        new("dX1 128×128·(784×128)ᵀ", "dX1", 128, 128, 784, false, true),
        new("big 1024×1024·1024×1024", "big 1024x1024@1024x1024", 1024, 1024, 1024, false, false),
    ];

    private static bool s_cpuTime;

    /// <summary>The peer's interpreter: <c>--python</c>, else found as <see cref="PythonInterpreter.Find"/> does.</summary>
    private static string? s_python;

    public static int Run(string[] args)
    {
        int threads = 1, rounds = 1;
        double seconds = 0.4;
        string? peers = null, only = null;
        bool noPeer = false;
        double batchSeconds = 0.02;
        var variants = new List<string>();
        double? peak = null;
        bool result = false;
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--peak-gflops": peak = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--peers": peers = args[++i]; break;
                case "--python": s_python = args[++i]; break;
                case "--no-peer": noPeer = true; break;
                case "--only": only = args[++i]; break;
                case "--batch-ms": batchSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture) / 1000; break;
                case "--cpu-time": s_cpuTime = true; break;
                case "--result": result = true; break;
                case "--kc": MatMulFast.BlockK = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--nc": MatMulFast.BlockN = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--spin-us": KernelThreadPool.SpinTime = TimeSpan.FromMicroseconds(double.Parse(args[++i], CultureInfo.InvariantCulture)); break;
                case "--panel-kc": MatMulFast.PanelBlockK = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--panel": MatMulFast.PanelThreshold = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rows": MatMulFast.MaxRowBlock = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--cols": MatMulFast.SplitColumns = int.Parse(args[++i], CultureInfo.InvariantCulture) != 0; break;
                case "--variant": variants.Add(args[++i]); break;
                default:
                    Console.Error.WriteLine($"unknown option '{args[i]}'; usage: gemm [--threads N] [--rounds R] [--seconds S] [--batch-ms MS] " +
                                            "[--only LABEL-PREFIX] [--peak-gflops G] [--peers DIR] [--python PATH] [--no-peer] [--cpu-time] [--result] [--kc K] [--nc N] [--panel ELEMENTS] [--panel-kc K] [--rows SLIVERS] [--cols 0|1] [--spin-us US] [--variant nc=N,kc=K,panel=E,panel-kc=K,rows=S,cols=0|1]...");
                    return 2;
            }
        }
        var measured = peak is null ? PeakProbe.Measure() : null;
        PeakPerCore = peak ?? measured!.Gflops;
        Console.WriteLine("Peak: " + (measured?.Describe() ?? $"{PeakPerCore:0.#} GFLOP/s FP32 per thread, given with --peak-gflops"));
        var shapes = only is null ? Shapes : Shapes.Where(s => s.Label.StartsWith(only, StringComparison.Ordinal)).ToArray();
        if (variants.Count > 0) return RunVariants(shapes, variants, threads, rounds, seconds, batchSeconds);
        var ours = shapes.Select(_ => new List<(double Median, double Best)>()).ToArray();
        var theirs = shapes.Select(_ => new List<(double Median, double Best)>()).ToArray();
        var ratios = shapes.Select(_ => new List<(double Median, double Best)>()).ToArray();
        string note = "NumPy peer skipped (--no-peer).";
        for (int round = 0; round < rounds; round++)
        {
            var mine = shapes.Select(s => Measure(s, threads, seconds, batchSeconds)).ToArray();
            var peer = noPeer ? null : OpenBlasPeer.Run(peers, s_python,
                shapes.Where(s => !s.PeerLabel.Contains(' ', StringComparison.Ordinal))
                    .Select(s => new PeerProduct(s.PeerLabel, s.M, s.K, s.N, s.TransA, s.TransB)).ToList(),
                float64: false, threads, seconds, s_cpuTime, out note);
            for (int i = 0; i < shapes.Length; i++)
            {
                ours[i].Add(mine[i]);
                if (peer is not null && peer.TryGetValue(shapes[i].PeerLabel, out var p))
                {
                    theirs[i].Add(p);
                    ratios[i].Add((mine[i].Median / p.Median, mine[i].Best / p.Best));
                }
            }
        }
        string clock = s_cpuTime ? "process CPU time (both sides)" : "wall time";
        Console.WriteLine($"Fast kernel, {threads} thread(s); GFLOP/s = 2·m·n·k / {clock}, median of {batchSeconds * 1000:F0} ms batches" +
                          $" (median over {rounds} interleaved round(s); best = best batch of all rounds, the figure least hurt by other load); peak {PeakPerCore * threads:F0} GFLOP/s. {note}" +
                          (noPeer ? "" : " Ratio = ours / NumPy (median of per-round ratios)."));
        Console.WriteLine();
        Console.WriteLine("| product | µs/call | GFLOP/s | best | % peak | NumPy GFLOP/s | NumPy best | ratio | ratio of bests |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int i = 0; i < shapes.Length; i++)
        {
            var s = shapes[i];
            double median = Median(ours[i].Select(r => r.Median)), best = ours[i].Max(r => r.Best);
            double flops = 2.0 * s.M * s.N * s.K;
            string F(IEnumerable<double> values, string format) => values.Any() ? Median(values).ToString(format, CultureInfo.InvariantCulture) : "";
            string peerBest = theirs[i].Count > 0 ? theirs[i].Max(r => r.Best).ToString("F1", CultureInfo.InvariantCulture) : "";
            string bestRatio = theirs[i].Count > 0 ? (best / theirs[i].Max(r => r.Best)).ToString("F2", CultureInfo.InvariantCulture) : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Label} | {flops / median / 1e3:F1} | {median:F1} | {best:F1} | {100 * median / (PeakPerCore * threads):F0} % | " +
                $"{F(theirs[i].Select(r => r.Median), "F1")} | {peerBest} | {F(ratios[i].Select(r => r.Median), "F2")} | {bestRatio} |"));
        }
        if (result)
        {
            var table = new JsonObject();
            for (int i = 0; i < shapes.Length; i++)
                table[shapes[i].Label] = ProductResult.Row(Median(ours[i].Select(r => r.Median)),
                    theirs[i].Count > 0 ? Median(theirs[i].Select(r => r.Median)) : null,
                    ratios[i].Count > 0 ? Median(ratios[i].Select(r => r.Median)) : null);
            Console.WriteLine(ProductResult.Line("gemm", threads, PeakPerCore, table, note));
        }
        return 0;
    }

    // Knob settings measured in turn within each round (A B A B …), one table line per shape and variant; no peer.
    private static int RunVariants(Shape[] shapes, List<string> variants, int threads, int rounds, double seconds, double batchSeconds)
    {
        var defaults = (MatMulFast.BlockN, MatMulFast.BlockK, MatMulFast.PanelThreshold, MatMulFast.PanelBlockK, MatMulFast.MaxRowBlock, MatMulFast.SplitColumns);
        void Apply(string spec)
        {
            (MatMulFast.BlockN, MatMulFast.BlockK, MatMulFast.PanelThreshold, MatMulFast.PanelBlockK, MatMulFast.MaxRowBlock, MatMulFast.SplitColumns) = defaults;
            foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var kv = part.Split('=');
                if (kv[0] == "default") continue;
                long v = long.Parse(kv[1], CultureInfo.InvariantCulture);
                switch (kv[0])
                {
                    case "nc": MatMulFast.BlockN = (int)v; break;
                    case "kc": MatMulFast.BlockK = (int)v; break;
                    case "panel": MatMulFast.PanelThreshold = v; break;
                    case "panel-kc": MatMulFast.PanelBlockK = (int)v; break;
                    case "rows": MatMulFast.MaxRowBlock = (int)v; break;
                    case "cols": MatMulFast.SplitColumns = v != 0; break;
                    case "default": break;
                    default: throw new ArgumentException($"unknown knob '{kv[0]}' in --variant '{spec}'");
                }
            }
        }
        var results = shapes.Select(_ => variants.Select(_ => new List<(double Median, double Best)>()).ToArray()).ToArray();
        var hashes = new int[shapes.Length, variants.Count];
        for (int round = 0; round < rounds; round++)
            for (int i = 0; i < shapes.Length; i++)
                for (int v = 0; v < variants.Count; v++)
                {
                    Apply(variants[v]);
                    results[i][v].Add(Measure(shapes[i], threads, seconds, batchSeconds, out hashes[i, v]));
                }
        Console.WriteLine($"Fast kernel, {threads} thread(s), {(s_cpuTime ? "process CPU time" : "wall time")}; variants interleaved per shape, {rounds} round(s); " +
                          "GFLOP/s: median over rounds of each round's median batch [min–max of those]; best batch of all rounds.");
        Console.WriteLine();
        Console.WriteLine("| product | variant | µs/call | GFLOP/s | [min–max] | best | vs first | bits as first |");
        Console.WriteLine("| --- | --- | ---: | ---: | --- | ---: | ---: | --- |");
        for (int i = 0; i < shapes.Length; i++)
        {
            var s = shapes[i];
            double flops = 2.0 * s.M * s.N * s.K;
            double first = Median(results[i][0].Select(r => r.Median));
            for (int v = 0; v < variants.Count; v++)
            {
                var r = results[i][v];
                double median = Median(r.Select(x => x.Median));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {s.Label} | {variants[v]} | {flops / median / 1e3:F1} | {median:F1} | [{r.Min(x => x.Median):F1}–{r.Max(x => x.Median):F1}] | {r.Max(x => x.Best):F1} | {median / first:F3} | {(hashes[i, v] == hashes[i, 0] ? "same" : "differ")} |"));
            }
        }
        return 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int h = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
    }

    private static (double Median, double Best) Measure(Shape s, int threads, double seconds, double batchSeconds) =>
        Measure(s, threads, seconds, batchSeconds, out _);

    // outputHash: a hash of the product's bits, to tell whether two settings give identical results.
    private static (double Median, double Best) Measure(Shape s, int threads, double seconds, double batchSeconds, out int outputHash)
    {
        var (a, b, c) = ProductTiming.Operands(s.M, s.K, s.N);
        void Call() => MatMulFast.Gemm(s.TransA, s.TransB, s.M, s.N, s.K, a, b, c, threads);
        var rates = ProductTiming.Rates(Call, 2.0 * s.M * s.N * s.K, warmups: 3, seconds, batchSeconds, s_cpuTime);
        var hash = new HashCode();
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(c.AsSpan()));
        outputHash = hash.ToHashCode();
        return (Median(rates), rates.Max());
    }
}
