using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Nnfs.Benchmarks.Machine;

namespace Nnfs.Benchmarks.SideBySide;

/// <summary>
/// Turns the runs of <c>side-by-side</c> into the Markdown report: medians over rounds and ratios to the peers.
/// <paramref name="peak"/> is one thread's FP32 peak for the "% of peak" column ("—" there when null).
/// </summary>
internal sealed class BenchReport(BenchOptions options, IReadOnlyList<BenchRun> runs, IReadOnlyList<string> notes, PeakFigure? peak = null)
{
    /// <summary>FLOP of matrix products per training sample: <c>2·a·b</c> for the forward product and dW of every layer
    /// and for dX of every layer but the first (the peers' formula, so GFLOP/s compare).</summary>
    public static long TrainFlopsPerSample(IReadOnlyList<int> sizes)
    {
        long f = 0;
        for (int i = 0; i + 1 < sizes.Count; i++) f += 2L * sizes[i] * sizes[i + 1] * (i == 0 ? 2 : 3);
        return f;
    }

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    private List<BenchRun> Select(string tool, string workload, int threads, int? epochs = null) =>
        runs.Where(r => r.Error is null && r.Job.Tool == tool && r.Job.Workload == workload && r.Job.Threads == threads
                        && (epochs is null || r.Number("epochs") == epochs)).ToList();

    /// <summary>Median of the values (null when empty).</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return null;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static double? Med(List<BenchRun> rs, Func<BenchRun, double?> f) => Median(rs.Select(f).OfType<double>());

    private static string Num(double? v, string format) => v is double d ? d.ToString(format, s_inv) : "—";

    private static string Spread(List<BenchRun> rs, Func<BenchRun, double?> f, string format)
    {
        var v = rs.Select(f).OfType<double>().ToArray();
        if (v.Length == 0) return "—";
        string m = Median(v)!.Value.ToString(format, s_inv);
        return v.Length == 1 ? m : $"{m} [{v.Min().ToString(format, s_inv)}–{v.Max().ToString(format, s_inv)}]";
    }

    /// <summary>"2.41×" = how many times less time we take than the peer.</summary>
    private static string Ratio(double? peer, double? ours) =>
        peer is double p && ours is double o && o > 0 ? (p / o).ToString("0.00", s_inv) + "×" : "—";

    private string NotRun(string tool) => options.HasPeer(tool) ? "not run" : "not asked";

    private static double? Rss(BenchRun r) => r.PeakRssKiB is long k ? k / 1024.0 : null;

    /// <summary>The whole report.</summary>
    public string Build()
    {
        var sb = new StringBuilder();
        var allNotes = new List<string>(notes);
        var all = runs.Where(r => r.Error is null).ToList();
        var numpyInfo = all.FirstOrDefault(r => r.Job.Tool == "numpy")?.Result;
        var torchInfo = all.FirstOrDefault(r => r.Job.Tool == "torch")?.Result;
        string dataSource = all.Select(r => r.Text("data_source")).FirstOrDefault(s => s is not null) ?? "—";

        sb.AppendLine($"## Nnfs side by side — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        var workerTiers = all.Select(r => r.Text("tier")).OfType<string>().Distinct().ToList();
        string tier = $"{Nnfs.Engine.Tier}" + (workerTiers.Count == 0 || workerTiers.SequenceEqual([Nnfs.Engine.Tier.ToString()])
            ? "" : $" (the workers': {string.Join(", ", workerTiers)})");
        sb.AppendLine($"- Machine: {MachineInfo.Cpu()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}");
        sb.AppendLine($"- Instruction sets: {MachineInfo.Simd()} used by .NET; processor flags: {MachineInfo.IsaFlags() ?? "not readable"}; kernel tier (Engine.Tier): {tier}");
        sb.AppendLine($"- Peak: {peak?.Source ?? "not known"}");
        sb.AppendLine($"- Nnfs {MachineInfo.NnfsVersion()} on {RuntimeInformation.FrameworkDescription}");
        sb.AppendLine($"- NumPy: {PeerVersion(numpyInfo, "numpy")}; PyTorch: {PeerVersion(torchInfo, "torch")}");
        sb.AppendLine($"- Data: {dataSource}; same initial weights and batch order for every tool (benchdata.py and its C# port)");
        sb.AppendLine($"- {options.Repeats} rounds, every run a fresh process, interleaved (A B A B); medians over rounds. " +
                      $"mlp: {options.Epochs} epoch(s) per run, s/epoch = training loop time / epochs (first epoch included, as the peers count it).");
        sb.AppendLine();
        sb.AppendLine("| measure | threads | Nnfs | NumPy | PyTorch | Nnfs vs NumPy | Nnfs vs PyTorch | target |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");

        int minT = options.Threads.Min(), maxT = options.Threads.Max();
        if (options.Has("mlp"))
        {
            foreach (int t in options.Threads)
            {
                var o = Select("nnfs", "mlp", t, options.Epochs);
                var n = Select("numpy", "mlp", t, options.Epochs);
                var p = Select("torch", "mlp", t, options.Epochs);
                double? mo = Med(o, r => r.Number("s_per_epoch")), mn = Med(n, r => r.Number("s_per_epoch")), mp = Med(p, r => r.Number("s_per_epoch"));
                string torchLabel = t == 1 ? "" : $" (intra-op 1, BLAS {t})";
                sb.AppendLine($"| Fashion-MNIST mlp, s/epoch | {t} | {Num(mo, "0.000")} | {Cell(mn, "numpy", "0.000")} | " +
                              $"{(mp is null ? NotRun("torch") : Num(mp, "0.000") + torchLabel)} | {Ratio(mn, mo)} | {Ratio(mp, mo)} | " +
                              $"≥ 2× the fastest peer: {Verdict(Fastest(mn, mp) / mo, x => x >= 2)} |");
            }
        }
        if (options.Has("spiral"))
        {
            var o = Select("nnfs", "spiral", minT);
            var n = Select("numpy", "spiral", minT);
            var p = Select("torch", "spiral", minT);
            double? mo = Med(o, r => r.Number("train_s")), mn = Med(n, r => r.Number("train_s")), mp = Med(p, r => r.Number("train_s"));
            double? warm = Med(o, r => r.Number("first_100_epochs_s")), steady = Med(o, r => r.Number("second_half_us_per_epoch"));
            if (warm is not null && steady is not null)
                allNotes.Add($"Nnfs spiral: the first 100 epochs take {Num(warm, "0.000")} s (JIT warm-up included, as in every figure here); " +
                                   $"the second half runs at {Num(steady, "0.0")} µs/epoch ({Num(steady * options.SpiralEpochs / 1e6, "0.000")} s per {options.SpiralEpochs:N0} epochs at that rate).");
            sb.AppendLine($"| spiral, {options.SpiralEpochs:N0} epochs, s | {minT} | {Num(mo, "0.000")} | {Cell(mn, "numpy", "0.000")} | {Cell(mp, "torch", "0.000")} | " +
                          $"{Ratio(mn, mo)} | {Ratio(mp, mo)} | ≥ 15× vs NumPy: {Verdict(mn / mo, x => x >= 15)} |");
        }
        if (options.Has("exact"))
        {
            var o = Select("nnfs", "exact", maxT, options.ExactEpochs);
            var n = Select("numpy", "exact", maxT, options.ExactEpochs);
            double? mo = Med(o, r => r.Number("s_per_epoch")), mn = Med(n, r => r.Number("s_per_epoch"));
            sb.AppendLine($"| exact path (Engine.Path = Exact) mlp, s/epoch, vs the book's NumPy code under nnfs.init() (float64 np.dot) | {maxT} | {Num(mo, "0.000")} | {Cell(mn, "numpy", "0.000")} | — | " +
                          $"{Ratio(mn, mo)} | — | ≥ 2× vs NumPy: {Verdict(mn / mo, x => x >= 2)} |");
        }
        if (options.Has("memory") || options.Has("mlp"))
        {
            var o = Select("nnfs", "mlp", minT, options.Epochs);
            var n = Select("numpy", "mlp", minT, options.Epochs);
            var p = Select("torch", "mlp", minT, options.Epochs);
            double? mo = Med(o, Rss), mn = Med(n, Rss), mp = Med(p, Rss);
            string ratio = mo is double a && mn is double b && b > 0 ? (a / b).ToString("0.00", s_inv) + "× of NumPy's" : "—";
            string ratioT = mo is double a2 && mp is double b2 && b2 > 0 ? (a2 / b2).ToString("0.00", s_inv) + "× of PyTorch's" : "—";
            sb.AppendLine($"| peak RSS of the mlp training process, MiB | {minT} | {Num(mo, "0")} | {Cell(mn, "numpy", "0")} | {Cell(mp, "torch", "0")} | " +
                          $"{ratio} | {ratioT} | ≤ 0.5× NumPy: {Verdict(mo / mn, x => x <= 0.5)} |");

            var steps = runs.Where(r => r.Error is null && r.Job.Tool == "nnfs" && r.Job.Workload == "mlp").ToList();
            double? bytes = Med(steps, r => r.Number("alloc_bytes_per_step"));
            double? total = Med(steps, r => r.Number("alloc_total_bytes_per_step"));
            sb.AppendLine($"| managed bytes allocated per training step (after warm-up): this thread / all threads | {string.Join(",", options.Threads)} | " +
                          $"{Num(bytes, "0.#")} / {Num(total, "0.#")} | — | — | — | — | 0: {Verdict(bytes, x => x == 0)} |");
        }
        if (options.Has("inference"))
        {
            var o = Select("nnfs", "inference", maxT);
            double? batch = Med(o, r => r.Number("images_per_s"));
            double? lat = Med(o, r => r.Number("latency_us"));
            int bs = (int)(o.Select(r => r.Number("batch")).FirstOrDefault() ?? 0);
            sb.AppendLine($"| inference, images/s (batches of {bs}) | {maxT} | {Num(batch, "N0")} | — | — | — | — | ≥ 500,000: {Verdict(batch, x => x >= 500_000)} |");
            sb.AppendLine($"| inference, single-image latency, µs | 1 | {Num(lat, "0.0")} | — | — | — | — | < 20 µs: {Verdict(lat, x => x < 20)} |");
        }
        if (runs.Any(r => r.Job.Workload == "predict"))
        {
            var o = runs.Where(r => r.Error is null && r.Job.Workload == "predict").ToList();
            string build = runs.First(r => r.Job.Workload == "predict").Job.Build is { } b ? $" ({b})" : "";
            double? wall = Med(o, r => r.WallSeconds);
            sb.AppendLine($"| `nnfs predict MODEL sample.csv` (one 784-value CSV row){build}, process wall time, s | 1 | {Num(wall, "0.000")} | — | — | — | — | < 0.15 s: {Verdict(wall, x => x < 0.15)} |");
        }
        sb.AppendLine();
        sb.AppendLine("Ratios are peer time / Nnfs time (above 1× = Nnfs faster), except memory (Nnfs / peer). " +
                      $"Nnfs's Model skips the first layer's input gradient, which nothing uses; so do PyTorch and the NumPy mlp peer " +
                      "(`ref_numpy.py --skip-input-grad`). The exact-path peer is the book's own code, which computes it.");
        foreach (var note in allNotes) sb.AppendLine($"- {note}");
        var failures = runs.Where(r => r.Error is not null).GroupBy(r => r.Job.Key).ToList();
        foreach (var f in failures)
            sb.AppendLine($"- FAILED {f.Count()}×: `{f.First().Job.CommandLine}`: {f.First().Error}");

        new BenchTargets(options, runs, peak).Append(sb);
        if (options.Has("inference")) AppendOnnx(sb);

        sb.AppendLine();
        sb.AppendLine("### Every configuration (median [min–max] over rounds)");
        sb.AppendLine();
        sb.AppendLine($"| tool | workload | threads | training s | s/epoch | GFLOP/s | % of {(peak is null ? "peak" : $"{peak.Gflops:0} GFLOP/s")} | final loss | val acc | peak RSS MiB | managed B/step | runs |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var g in runs.GroupBy(r => r.Job.Key))
        {
            var job = g.First().Job;
            var ok = g.Where(r => r.Error is null).ToList();
            if (job.Workload is "inference" or "profile" or "predict" or "gemm" or "dgemm") continue;
            sb.AppendLine($"| {job.Tool} | {job.Workload} | {job.Threads} | " +
                          $"{Spread(ok, r => r.Number("train_s"), "0.000")} | {Spread(ok, r => job.Workload == "spiral" ? null : r.Number("s_per_epoch"), "0.000")} | " +
                          $"{Spread(ok, r => r.Number("gflops"), "0.0")} | {Spread(ok, r => r.Number("gflops") * 100 / peak?.Gflops, "0.0")} | " +
                          $"{Spread(ok, r => r.Number("final_loss"), "0.0000")} | {Spread(ok, r => r.Number("val_acc"), "0.0000")} | " +
                          $"{Spread(ok, Rss, "0")} | {Spread(ok, r => r.Number("alloc_bytes_per_step"), "0")} | {ok.Count}/{g.Count()} |");
        }
        if (options.Has("profile")) AppendProfile(sb);
        sb.AppendLine();
        sb.AppendLine("Commands (one round):");
        sb.AppendLine();
        foreach (var g in runs.GroupBy(r => r.Job.Key))
            sb.AppendLine($"    {(g.First().Job.IsPeer ? "env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE " : "")}{g.First().Job.CommandLine}");
        return sb.ToString();
    }

    /// <summary>Where an epoch's time goes: Stopwatch time per phase of the step, and the nine matrix products of a
    /// step timed alone on the same shapes (medians over rounds).</summary>
    private void AppendProfile(StringBuilder sb)
    {
        sb.AppendLine();
        sb.AppendLine("### Where the time goes (Nnfs mlp, s/epoch by phase; median over rounds)");
        sb.AppendLine();
        var columns = options.Threads.Select(t => (t, Select("nnfs", "profile", t))).ToList();
        sb.AppendLine("| phase | " + string.Join(" | ", columns.Select(c => $"{c.t} thread{(c.t == 1 ? "" : "s")} | %")) + " |");
        sb.AppendLine("| --- |" + string.Concat(columns.Select(_ => " --- | --- |")));
        var phases = columns.SelectMany(c => c.Item2).SelectMany(r => Object(r, "profile_s_per_epoch")).Select(kv => kv.Key).Distinct().ToList();
        double?[] totals = columns.Select(c => Med(c.Item2, r => Object(r, "profile_s_per_epoch").Sum(kv => kv.Value))).ToArray();
        void Row(string label, Func<BenchRun, double?> value)
        {
            sb.Append($"| {label} |");
            for (int i = 0; i < columns.Count; i++)
            {
                double? v = Med(columns[i].Item2, value);
                sb.Append($" {Num(v, "0.000")} | {Num(v * 100 / totals[i], "0.0")} |");
            }
            sb.AppendLine();
        }
        foreach (var phase in phases) Row(phase, r => Object(r, "profile_s_per_epoch").Where(kv => kv.Key == phase).Select(kv => (double?)kv.Value).FirstOrDefault());
        Row("**sum of phases**", r => Object(r, "profile_s_per_epoch").Sum(kv => kv.Value));
        Row("matrix products timed alone (9 per step)", r => Object(r, "matmul_alone_s_per_epoch").Where(kv => kv.Key == "total").Select(kv => (double?)kv.Value).FirstOrDefault());
        sb.AppendLine();
        sb.AppendLine("Products timed alone, s/epoch: " + string.Join("; ", columns.Select(c =>
            $"{c.t} thread(s): " + string.Join(", ", c.Item2.Take(1).SelectMany(r => Object(r, "matmul_alone_s_per_epoch"))
                .Where(kv => kv.Key != "total").Select(kv => $"{kv.Key} {kv.Value.ToString("0.000", s_inv)}")))));
    }

    /// <summary>Ours beside ONNX Runtime on the same exported model (the inference workload, interleaved in one process).</summary>
    private void AppendOnnx(StringBuilder sb)
    {
        var rs = options.Threads.Select(t => (t, Select("nnfs", "inference", t))).ToList();
        sb.AppendLine();
        sb.AppendLine("### Inference beside ONNX Runtime (same exported model, same images, interleaved; median over rounds)");
        sb.AppendLine();
        string engine = rs.SelectMany(x => x.Item2).Select(r => r.Text("onnx_runtime")).FirstOrDefault(n => n is not null) ?? "ONNX Runtime";
        sb.AppendLine($"| measure | threads | Nnfs images/s | {engine} images/s | Nnfs µs/image | ONNX Runtime µs/image | Nnfs vs ONNX Runtime |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (t, o) in rs)
        {
            double? ours = Med(o, r => r.Number("images_per_s")), ort = Med(o, r => r.Number("onnx_images_per_s"));
            int bs = (int)(o.Select(r => r.Number("batch")).FirstOrDefault(b => b is not null) ?? 0);
            sb.AppendLine($"| batches of {bs} | {t} | {Num(ours, "N0")} | {Num(ort, "N0")} | {Num(1e6 / ours, "0.00")} | {Num(1e6 / ort, "0.00")} | {Ratio(1 / ort, 1 / ours)} |");
        }
        var every = rs.SelectMany(x => x.Item2).ToList();
        double? lat = Med(every, r => r.Number("latency_us")), ortLat = Med(every, r => r.Number("onnx_latency_us"));
        sb.AppendLine($"| one image at a time | 1 | {Num(1e6 / lat, "N0")} | {Num(1e6 / ortLat, "N0")} | {Num(lat, "0.00")} | {Num(ortLat, "0.00")} | {Ratio(ortLat, lat)} |");
        sb.AppendLine();
        sb.AppendLine("ONNX Runtime: one `InferenceSession` per thread count (IntraOpNumThreads = the threads, sequential execution, " +
                      "all graph optimisations), inputs and outputs bound to preallocated buffers; the model is ours exported by " +
                      "`OnnxExporter`. Before timing, both ran the whole test set in batches and 200 single images and had to agree " +
                      "(arg-max equal, probabilities within 1e-5), else ONNX Runtime is not timed.");
        foreach (var note in every.Select(r => r.Text("onnx_agreement")).OfType<string>().Distinct().Take(3))
            sb.AppendLine($"- Agreement: {note}");
        foreach (var error in every.Select(r => r.Text("onnx_error")).OfType<string>().Distinct())
            sb.AppendLine($"- ONNX Runtime not measured: {error}");
    }

    private static IEnumerable<KeyValuePair<string, double>> Object(BenchRun r, string name)
    {
        if (r.Result is not { } o || !o.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Object) yield break;
        foreach (var p in v.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.Number) yield return new(p.Name, p.Value.GetDouble());
    }

    private string Cell(double? value, string tool, string format) => value is null ? NotRun(tool) : Num(value, format);

    private static double? Fastest(double? a, double? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static string Verdict(double? value, Func<double, bool> meets) => value is double v ? (meets(v) ? "met" : "not met") : "—";

    private static string PeerVersion(JsonElement? result, string name)
    {
        if (result is not { } r || !r.TryGetProperty(name, out var v)) return "not run";
        var s = v.GetString() ?? "?";
        if (r.TryGetProperty("openblas", out var ob) && ob.ValueKind == JsonValueKind.Object)
        {
            var core = ob.TryGetProperty("core", out var c) ? c.GetString() : null;
            var config = ob.TryGetProperty("config", out var cf) ? cf.GetString() : null;
            s += $" (OpenBLAS {string.Join(", ", new[] { core, config }.Where(x => !string.IsNullOrEmpty(x)))})";
        }
        return s;
    }
}
