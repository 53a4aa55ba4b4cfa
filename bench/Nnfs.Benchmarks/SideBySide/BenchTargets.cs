using System.Globalization;
using System.Text;
using System.Text.Json;
using Nnfs.Benchmarks.Machine;

namespace Nnfs.Benchmarks.SideBySide;

/// <summary>
/// The side-by-side report's targets table (issue 14): each target a ratio from this run's interleaved
/// measurements, with the measured value, the target and whether it is met — or why it was not measured.
/// </summary>
/// <remarks>
/// Where the figures come from: the mlp, spiral and exact rows of the run (medians over rounds, ratio = peer time /
/// ours); the <c>gemm</c> and <c>dgemm</c> workloads (this program's <c>gemm</c> and <c>exact</c> tables, one
/// process per round, ratio = our GFLOP/s / OpenBLAS's, median over rounds); the <c>profile</c> workload (the
/// products' share of a training run: 2·m·n·k of every product of an epoch over the time of the Dense stages of the
/// model's own forward and backward, against the measured FP32 peak × threads); the <c>inference</c> workload
/// (ours and ONNX Runtime on the same exported model, interleaved in one process).
/// </remarks>
internal sealed class BenchTargets(BenchOptions options, IReadOnlyList<BenchRun> runs, PeakFigure? peak)
{
    /// <summary>One line of the table.</summary>
    /// <param name="Measure">What is compared.</param>
    /// <param name="Threads">The thread count(s).</param>
    /// <param name="Measured">The figure with what it was made of, or why it is missing.</param>
    /// <param name="Target">The target.</param>
    /// <param name="Met">Whether it is met; null when not measured.</param>
    internal sealed record Row(string Measure, string Threads, string Measured, string Target, bool? Met)
    {
        /// <summary>"met", "not met" or "not measured".</summary>
        public string Status => Met switch { true => "met", false => "not met", null => "not measured" };
    }

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    private static string F(double v, string format) => v.ToString(format, s_inv);

    private List<BenchRun> Ok(string tool, string workload, int threads) =>
        runs.Where(r => r.Error is null && r.Job.Tool == tool && r.Job.Workload == workload && r.Job.Threads == threads).ToList();

    private static double? Med(IEnumerable<BenchRun> rs, Func<BenchRun, double?> f) => BenchReport.Median(rs.Select(f).OfType<double>());

    /// <summary>The rows, in the issue's order, for the workloads that were asked for.</summary>
    public List<Row> Rows()
    {
        var rows = new List<Row>();
        int minT = options.Threads.Min(), maxT = options.Threads.Max();
        if (options.Has("mlp"))
            foreach (int t in options.Threads) rows.Add(Mlp(t));
        if (options.Has("gemm"))
            foreach (int t in options.Threads) rows.AddRange(Sgemm(t));
        if (options.Has("profile"))
            foreach (int t in options.Threads) rows.Add(ProductsShareOfPeak(t));
        if (options.Has("spiral")) rows.Add(Spiral(minT));
        if (options.Has("dgemm"))
            foreach (int t in options.Threads) rows.Add(Dgemm(t));
        if (options.Has("exact")) rows.Add(ExactEpoch(maxT));
        if (options.Has("inference"))
        {
            foreach (int t in options.Threads) rows.Add(InferenceBatches(t));
            rows.Add(SingleImage());
        }
        return rows;
    }

    /// <summary>Appends the table (nothing when no workload of it ran).</summary>
    public void Append(StringBuilder sb)
    {
        var rows = Rows();
        if (rows.Count == 0) return;
        sb.AppendLine();
        sb.AppendLine("### Targets (issue 14; each a ratio from this run)");
        sb.AppendLine();
        sb.AppendLine("| target | threads | measured | target | status |");
        sb.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var r in rows) sb.AppendLine($"| {r.Measure} | {r.Threads} | {r.Measured} | {r.Target} | {r.Status} |");
    }

    private static Row Judge(string measure, int threads, string target, double? value, double threshold, string measured, string whyMissing) =>
        value is double v && double.IsFinite(v)
            ? new Row(measure, threads.ToString(s_inv), measured, target, v >= threshold)
            : new Row(measure, threads.ToString(s_inv), "not measured: " + whyMissing, target, null);

    private Row Mlp(int t)
    {
        double? Spe(string tool) => Med(Ok(tool, "mlp", t).Where(r => r.Number("epochs") == options.Epochs), r => r.Number("s_per_epoch"));
        double? ours = Spe("nnfs");
        var peers = new[] { ("NumPy", Spe("numpy")), ("PyTorch", Spe("torch")) }.Where(p => p.Item2 is not null).ToList();
        const string Target = "≥ 2× the fastest peer";
        if (ours is null) return Judge("Fashion-MNIST training, per epoch, vs the fastest peer", t, Target, null, 2, "", "our mlp run failed");
        if (peers.Count == 0) return Judge("Fashion-MNIST training, per epoch, vs the fastest peer", t, Target, null, 2, "", "no peer ran (see the notes)");
        var (name, fastest) = peers.MinBy(p => p.Item2!.Value);
        double ratio = fastest!.Value / ours.Value;
        return Judge("Fashion-MNIST training, per epoch, vs the fastest peer", t, Target, ratio, 2,
            $"{F(ratio, "0.00")}× ({F(ours.Value, "0.000")} s against {name}'s {F(fastest.Value, "0.000")})", "");
    }

    /// <summary>Per product label: medians over rounds of ours, the peer's and the ratio; the peer's note of the first run.</summary>
    private (List<(string Label, double Ours, double? Peer, double? Ratio)> Products, string? Note) Products(string workload, int t)
    {
        var rs = Ok("nnfs", workload, t);
        var labels = new List<string>();
        foreach (var r in rs)
            foreach (var (label, _) in Entries(r))
                if (!labels.Contains(label)) labels.Add(label);
        var list = new List<(string, double, double?, double?)>();
        foreach (var label in labels)
        {
            double? Field(BenchRun r, string field) => Entries(r).Where(e => e.Label == label)
                .Select(e => e.Value.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null)
                .FirstOrDefault();
            if (Med(rs, r => Field(r, "gflops")) is double ours)
                list.Add((label, ours, Med(rs, r => Field(r, "peer_gflops")), Med(rs, r => Field(r, "ratio"))));
        }
        return (list, rs.Select(r => r.Text("peer")).FirstOrDefault(n => n is not null));
    }

    private static IEnumerable<(string Label, JsonElement Value)> Entries(BenchRun r)
    {
        if (r.Result is not { } o || !o.TryGetProperty("products", out var p) || p.ValueKind != JsonValueKind.Object) yield break;
        foreach (var e in p.EnumerateObject()) yield return (e.Name, e.Value);
    }

    private string Missing(string workload, int t, string? note) =>
        Ok("nnfs", workload, t).Count == 0
            ? $"the {workload} run failed or did not run"
            : "no OpenBLAS figures; " + (note ?? "no peer ran");

    private IEnumerable<Row> Sgemm(int t)
    {
        var (products, note) = Products("gemm", t);
        var big = products.FirstOrDefault(p => p.Label.StartsWith("big", StringComparison.Ordinal));
        yield return Judge("sgemm 1024³ vs OpenBLAS", t, "≥ 1.0×", big.Ratio, 1,
            big.Label is null ? "" : $"{F(big.Ratio ?? 0, "0.00")}× ({F(big.Ours, "0.0")} against {F(big.Peer ?? 0, "0.0")} GFLOP/s)",
            Missing("gemm", t, note));
        var shapes = products.Where(p => !p.Label.StartsWith("big", StringComparison.Ordinal) && p.Ratio is not null).ToList();
        var worst = shapes.Count == 0 ? default : shapes.MinBy(p => p.Ratio!.Value);
        var best = shapes.Count == 0 ? default : shapes.MaxBy(p => p.Ratio!.Value);
        yield return Judge("sgemm at the network's shapes vs OpenBLAS (the worst shape)", t, "≥ 1.0× at every shape",
            shapes.Count == 0 ? null : worst.Ratio, 1,
            shapes.Count == 0 ? "" : $"{F(worst.Ratio!.Value, "0.00")}× ({worst.Label}); best {F(best.Ratio!.Value, "0.00")}× ({best.Label})",
            Missing("gemm", t, note));
    }

    private Row ProductsShareOfPeak(int t)
    {
        const string Measure = "the products during training, share of the FMA peak (Dense stages of the profile)";
        if (peak is null) return Judge(Measure, t, "≥ 70 %", null, 0.7, "", "no peak figure");
        var rs = Ok("nnfs", "profile", t);
        double? Share(BenchRun r, out double gflops, out double seconds)
        {
            (gflops, seconds) = (0, 0);
            if (r.Result is not { } o || !o.TryGetProperty("profile_s_per_epoch", out var p) || p.ValueKind != JsonValueKind.Object) return null;
            seconds = p.EnumerateObject().Where(e => e.Name.StartsWith("Dense", StringComparison.Ordinal) && e.Value.ValueKind == JsonValueKind.Number)
                .Sum(e => e.Value.GetDouble());
            if (seconds <= 0 || r.Number("flops_per_sample") is not double fps || r.Number("samples_per_epoch") is not double n) return null;
            gflops = fps * n / seconds / 1e9;
            return gflops / (peak.Gflops * t);
        }
        double? share = Med(rs, r => Share(r, out _, out _));
        double? g = Med(rs, r => Share(r, out double x, out _) is null ? null : x);
        double? s = Med(rs, r => Share(r, out _, out double x) is null ? null : x);
        return Judge(Measure, t, "≥ 70 %", share, 0.7,
            share is null ? "" : $"{F(share.Value * 100, "0")} % ({F(g!.Value, "0.0")} GFLOP/s in {F(s!.Value, "0.000")} s/epoch; peak {F(peak.Gflops, "0")} GFLOP/s × {t})",
            rs.Count == 0 ? "the profile run failed or did not run" : "the profile has no Dense stages");
    }

    private Row Spiral(int t)
    {
        double? ours = Med(Ok("nnfs", "spiral", t), r => r.Number("train_s"));
        double? numpy = Med(Ok("numpy", "spiral", t), r => r.Number("train_s"));
        double? ratio = numpy / ours;
        return Judge($"spiral, {options.SpiralEpochs:N0} epochs, vs NumPy's training loop", t, "≥ 15×", ratio, 15,
            ratio is null ? "" : $"{F(ratio.Value, "0.0")}× ({F(ours!.Value, "0.000")} s against {F(numpy!.Value, "0.000")})",
            ours is null ? "our spiral run failed" : "the NumPy peer did not run");
    }

    private Row Dgemm(int t)
    {
        var (products, note) = Products("dgemm", t);
        var all = products.FirstOrDefault(p => p.Label.StartsWith("all", StringComparison.Ordinal));
        var shapes = products.Where(p => !p.Label.StartsWith("all", StringComparison.Ordinal) && p.Ratio is not null).ToList();
        var worst = shapes.Count == 0 ? default : shapes.MinBy(p => p.Ratio!.Value);
        return Judge("exact path's double products vs OpenBLAS dgemm (the worst of the network's shapes)", t, "≥ 0.90× at every shape",
            shapes.Count == 0 ? null : worst.Ratio, 0.9,
            shapes.Count == 0 ? "" : $"{F(worst.Ratio!.Value, "0.00")}× ({worst.Label}); a whole step's nine {F(all.Ratio ?? double.NaN, "0.00")}×",
            Missing("dgemm", t, note));
    }

    private Row ExactEpoch(int t)
    {
        double? Spe(string tool) => Med(Ok(tool, "exact", t).Where(r => r.Number("epochs") == options.ExactEpochs), r => r.Number("s_per_epoch"));
        double? ours = Spe("nnfs"), numpy = Spe("numpy");
        double? ratio = numpy / ours;
        return Judge("exact epoch vs the book's NumPy code under nnfs.init()", t, "≥ 2×", ratio, 2,
            ratio is null ? "" : $"{F(ratio.Value, "0.00")}× ({F(ours!.Value, "0.000")} s against {F(numpy!.Value, "0.000")})",
            ours is null ? "our exact run failed" : "the NumPy peer did not run");
    }

    private string OnnxMissing(List<BenchRun> rs) =>
        rs.Count == 0 ? "the inference run failed" : rs.Select(r => r.Text("onnx_error")).FirstOrDefault(e => e is not null) ?? "no ONNX Runtime figures";

    private Row InferenceBatches(int t)
    {
        var rs = Ok("nnfs", "inference", t);
        double? ours = Med(rs, r => r.Number("images_per_s")), ort = Med(rs, r => r.Number("onnx_images_per_s"));
        double? ratio = ours / ort;
        int batch = (int)(rs.Select(r => r.Number("batch")).FirstOrDefault(b => b is not null) ?? 0);
        return Judge($"inference, batches of {batch}, vs ONNX Runtime on the same exported model", t, "≥ 1.0×", ratio, 1,
            ratio is null ? "" : $"{F(ratio.Value, "0.00")}× ({F(ours!.Value, "N0")} against {F(ort!.Value, "N0")} images/s)",
            OnnxMissing(rs));
    }

    private Row SingleImage()
    {
        var rs = options.Threads.SelectMany(t => Ok("nnfs", "inference", t)).ToList();
        double? ours = Med(rs, r => r.Number("latency_us")), ort = Med(rs, r => r.Number("onnx_latency_us"));
        double? ratio = ort / ours;
        return Judge("single-image latency vs ONNX Runtime (keep the lead)", 1, "≥ 1.0×", ratio, 1,
            ratio is null ? "" : $"{F(ratio.Value, "0.00")}× ({F(ours!.Value, "0.0")} against {F(ort!.Value, "0.0")} µs)",
            OnnxMissing(rs));
    }
}
