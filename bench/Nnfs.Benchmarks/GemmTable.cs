using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nnfs.Kernels;

namespace Nnfs.Benchmarks;

/// <summary>
/// The plain <c>gemm</c> mode: GFLOP/s of the fast kernel for the 784-128-128-10 network's products at batch 128
/// and for 1024³, as a Markdown table, beside NumPy/OpenBLAS (the peer's gemm_bench.py) when it is available.
/// </summary>
internal static class GemmTable
{
    /// <summary>Peak FP32 of one core of the reference machine (Zen 4, 32 FLOP/cycle at ~3.65 GHz).</summary>
    private const double PeakPerCore = 117.0;

    private sealed record Shape(string Label, string? PeerLabel, int M, int K, int N, bool TransA, bool TransB);

    private static readonly Shape[] Shapes =
    [
        new("fwd1 128×784·784×128", "fwd1 128x784@784x128", 128, 784, 128, false, false),
        new("fwd2 128×128·128×128", "fwd2 128x128@128x128", 128, 128, 128, false, false),
        new("fwd3 128×128·128×10", "fwd3 128x128@128x10", 128, 128, 10, false, false),
        new("dW1 (128×784)ᵀ·128×128", "dW1 (128x784)T@128x128", 784, 128, 128, true, false),
        new("dW2 (128×128)ᵀ·128×128", null, 128, 128, 128, true, false),
        new("dW3 (128×128)ᵀ·128×10", null, 128, 128, 10, true, false),
        new("dX3 128×10·(128×10)ᵀ", null, 128, 10, 128, false, true),
        new("dX2 128×128·(128×128)ᵀ", null, 128, 128, 128, false, true),
        new("dX1 128×128·(784×128)ᵀ", null, 128, 128, 784, false, true),
        new("big 1024×1024·1024×1024", "big 1024x1024@1024x1024", 1024, 1024, 1024, false, false),
    ];

    private static bool s_cpuTime;

    private static double Now() => s_cpuTime
        ? Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds
        : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    public static int Run(string[] args)
    {
        int threads = 1;
        double seconds = 0.4;
        string? peers = null;
        bool noPeer = false;
        double batchSeconds = 0.02;
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--peers": peers = args[++i]; break;
                case "--no-peer": noPeer = true; break;
                case "--batch-ms": batchSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture) / 1000; break;
                case "--cpu-time": s_cpuTime = true; break;
                case "--kc": MatMulFast.BlockK = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--nc": MatMulFast.BlockN = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"unknown option '{args[i]}'; usage: gemm [--threads N] [--seconds S] [--batch-ms MS] [--peers DIR] [--no-peer] [--cpu-time] [--kc K] [--nc N]");
                    return 2;
            }
        }
        var ours = Shapes.Select(s => Measure(s, threads, seconds, batchSeconds)).ToArray();
        string note = "NumPy peer skipped (--no-peer).";
        var peer = noPeer ? null : RunPeer(peers, threads, seconds, out note);
        string clock = s_cpuTime ? "process CPU time (both sides)" : "wall time";
        Console.WriteLine($"Fast kernel, {threads} thread(s); GFLOP/s = 2·m·n·k / {clock}, median and best of {batchSeconds * 1000:F0} ms batches;" +
                          $" peak {PeakPerCore * threads:F0} GFLOP/s. {note}");
        Console.WriteLine();
        Console.WriteLine("| product | µs/call | GFLOP/s | best | % peak | NumPy GFLOP/s | ratio |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int i = 0; i < Shapes.Length; i++)
        {
            var s = Shapes[i];
            var (median, best) = ours[i];
            double flops = 2.0 * s.M * s.N * s.K;
            string peerRate = "", ratio = "";
            if (peer is not null && s.PeerLabel is not null && peer.TryGetValue(s.PeerLabel, out double p))
            {
                peerRate = p.ToString("F1", CultureInfo.InvariantCulture);
                ratio = (median / p).ToString("F2", CultureInfo.InvariantCulture);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Label} | {flops / median / 1e3:F1} | {median:F1} | {best:F1} | {100 * median / (PeakPerCore * threads):F0} % | {peerRate} | {ratio} |"));
        }
        return 0;
    }

    private static (double Median, double Best) Measure(Shape s, int threads, double seconds, double batchSeconds)
    {
        var random = new Random(0);
        var a = new float[s.M * s.K];
        var b = new float[s.K * s.N];
        var c = new float[s.M * s.N];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(random.NextDouble() * 2 - 1);
        void Call() => MatMulFast.Gemm(s.TransA, s.TransB, s.M, s.N, s.K, a, b, c, threads);
        double flops = 2.0 * s.M * s.N * s.K;
        for (int i = 0; i < 3; i++) Call();
        long t0 = Stopwatch.GetTimestamp();
        Call();
        double one = Math.Max(Stopwatch.GetElapsedTime(t0).TotalSeconds, 1e-7);
        int reps = Math.Max(1, (int)(batchSeconds / one));
        var rates = new List<double>();
        long end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end || rates.Count < 5)
        {
            double t = Now();
            for (int r = 0; r < reps; r++) Call();
            rates.Add(flops * reps / (Now() - t) / 1e9);
        }
        rates.Sort();
        return (rates[rates.Count / 2], rates[^1]);
    }

    private static Dictionary<string, double>? RunPeer(string? peers, int threads, double seconds, out string note)
    {
        peers ??= FindPeers();
        string script = peers is null ? "" : Path.Combine(peers, "gemm_bench.py");
        if (!File.Exists(script) || !File.Exists("/usr/bin/python3"))
        {
            note = "NumPy peer not found (pass --peers DIR holding gemm_bench.py); skipped.";
            return null;
        }
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (s_cpuTime)
        {
            // Same clock on both sides: the peer's timer becomes process CPU time (meaningful for one thread only).
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("import sys, time, runpy; time.perf_counter = time.process_time; "
                + "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')");
        }
        start.ArgumentList.Add(script);
        foreach (var arg in new[] { "--lib", "numpy", "--threads", threads.ToString(CultureInfo.InvariantCulture),
                     "--seconds", seconds.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        start.Environment.Remove("OPENBLAS_CORETYPE");
        start.Environment.Remove("OPENBLAS_L2_SIZE");
        try
        {
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            string? line = output.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
            if (process.ExitCode != 0 || line is null)
            {
                note = $"NumPy peer failed (exit {process.ExitCode}): {error.Trim().Split('\n').LastOrDefault()}";
                return null;
            }
            using var doc = JsonDocument.Parse(line["RESULT ".Length..]);
            var result = new Dictionary<string, double>();
            foreach (var shape in doc.RootElement.GetProperty("shapes").EnumerateObject())
                result[shape.Name] = shape.Value.GetProperty("median_gflops").GetDouble();
            string core = doc.RootElement.TryGetProperty("openblas_core", out var c) ? c.GetString() ?? "?" : "?";
            note = $"NumPy {doc.RootElement.GetProperty("numpy").GetString()} (OpenBLAS core {core}, {threads} thread(s)), ratio = ours / NumPy.";
            return result;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            note = $"NumPy peer could not start: {e.Message}";
            return null;
        }
    }

    private static string? FindPeers()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "peers"), Path.Combine(dir.FullName, "..", "shared", "peers") })
                if (File.Exists(Path.Combine(candidate, "gemm_bench.py"))) return Path.GetFullPath(candidate);
        }
        return null;
    }
}
