using System.Text.Json;
using Nnfs.Benchmarks.Machine;
using Nnfs.Benchmarks.SideBySide;

namespace Nnfs.Benchmarks.Tests.SideBySide;

[Collection(BenchTempFiles.Name)]
public class BenchTargetsTests
{
    private static readonly BenchOptions s_all = new(BenchOptions.AllWorkloads, ["numpy", "torch"], [1, 2], Epochs: 2, ExactEpochs: 1);

    private static BenchRun Run(string tool, string workload, int threads, string json) =>
        new(new BenchJob(tool, workload, threads, tool, [workload, threads.ToString()]), JsonDocument.Parse(json).RootElement.Clone(), null, 1.0, null);

    private static string Products(params (string Label, double Ours, double? Peer)[] rows) =>
        "{" + string.Join(", ", rows.Select(r => $$"""
            "{{r.Label}}": {"gflops": {{r.Ours}}, "peer_gflops": {{(r.Peer is null ? "null" : r.Peer)}}, "ratio": {{(r.Peer is null ? "null" : r.Ours / r.Peer)}}}
            """)) + "}";

    private static List<BenchRun> MeasuredRuns()
    {
        var runs = new List<BenchRun>();
        foreach (int t in new[] { 1, 2 })
        {
            runs.Add(Run("nnfs", "mlp", t, """{"epochs": 2, "s_per_epoch": 0.20}"""));
            runs.Add(Run("numpy", "mlp", t, """{"epochs": 2, "s_per_epoch": 0.50}"""));
            runs.Add(Run("torch", "mlp", t, $$"""{"epochs": 2, "s_per_epoch": {{(t == 1 ? 0.45 : 0.30)}}}"""));
            runs.Add(Run("nnfs", "gemm", t, $$"""{"products": {{Products(("fwd1 a", 110, 100), ("dX3 b", 56, 100), ("big 1024", 49, 100))}}}"""));
            runs.Add(Run("nnfs", "dgemm", t, $$"""{"products": {{Products(("fwd1 a", 95, 100), ("fwd3 c", 85, 100), ("all nine (one step)", 93, 100))}}}"""));
            // 1e6 FLOP per sample × 1000 samples in 0.01 s of Dense stages = 100 GFLOP/s.
            runs.Add(Run("nnfs", "profile", t, """{"flops_per_sample": 1e6, "samples_per_epoch": 1000, "profile_s_per_epoch": {"Dense forward": 0.004, "ReLU forward": 0.5, "Dense backward": 0.006}}"""));
            runs.Add(Run("nnfs", "inference", t, $$"""{"batch": 128, "images_per_s": {{(t == 1 ? 500000 : 900000)}}, "onnx_images_per_s": 600000, "latency_us": 4.0, "onnx_latency_us": 10.0}"""));
        }
        runs.Add(Run("nnfs", "spiral", 1, """{"train_s": 0.1}"""));
        runs.Add(Run("numpy", "spiral", 1, """{"train_s": 1.2}"""));
        runs.Add(Run("nnfs", "exact", 2, """{"epochs": 1, "s_per_epoch": 0.5}"""));
        runs.Add(Run("numpy", "exact", 2, """{"epochs": 1, "s_per_epoch": 1.1}"""));
        return runs;
    }

    [Fact]
    public void Rows_JudgeEveryTargetFromThisRunsFigures()
    {
        var all = new BenchTargets(s_all, MeasuredRuns(), new PeakFigure(125, "test")).Rows();
        BenchTargets.Row Row(string start, string threads) =>
            Assert.Single(all, r => r.Measure.StartsWith(start, StringComparison.Ordinal) && r.Threads == threads);

        var mlp1 = Row("Fashion-MNIST training, p", "1");
        Assert.Equal("2.25× (0.200 s against PyTorch's 0.450)", mlp1.Measured);
        Assert.Equal("met", mlp1.Status);
        Assert.Equal("not met", Row("Fashion-MNIST training, p", "2").Status); // PyTorch 0.30 / 0.20 = 1.5×

        Assert.Equal("0.49× (49.0 against 100.0 GFLOP/s)", Row("sgemm 1024³ vs OpenBLAS", "1").Measured);
        Assert.False(Row("sgemm 1024³ vs OpenBLAS", "1").Met);
        var shapes = Row("sgemm at the network's sh", "1");
        Assert.Equal("0.56× (dX3 b); best 1.10× (fwd1 a)", shapes.Measured);
        Assert.False(shapes.Met);

        var share = Row("the products during trai", "1");
        Assert.Equal("80 % (100.0 GFLOP/s in 0.010 s/epoch; peak 125 GFLOP/s × 1)", share.Measured);
        Assert.True(share.Met);
        Assert.Equal("40 % (100.0 GFLOP/s in 0.010 s/epoch; peak 125 GFLOP/s × 2)", Row("the products during trai", "2").Measured);
        Assert.False(Row("the products during trai", "2").Met);

        Assert.Equal("12.0× (0.100 s against 1.200)", Row("spiral, 10,001 epochs, v", "1").Measured);
        Assert.False(Row("spiral, 10,001 epochs, v", "1").Met);

        var dgemm = Row("exact path's double prod", "1");
        Assert.Equal("0.85× (fwd3 c); a whole step's nine 0.93×", dgemm.Measured);
        Assert.False(dgemm.Met);
        Assert.Equal("2.20× (0.500 s against 1.100)", Row("exact epoch vs the book'", "2").Measured);
        Assert.True(Row("exact epoch vs the book'", "2").Met);

        Assert.Equal("0.83× (500,000 against 600,000 images/s)", Row("inference, batches of 12", "1").Measured);
        Assert.False(Row("inference, batches of 12", "1").Met);
        Assert.True(Row("inference, batches of 12", "2").Met);
        Assert.Equal("2.50× (4.0 against 10.0 µs)", Row("single-image latency vs", "1").Measured);
        Assert.True(Row("single-image latency vs", "1").Met);
    }

    [Fact]
    public void Rows_SayWhyATargetWasNotMeasured()
    {
        var runs = new List<BenchRun>
        {
            Run("nnfs", "mlp", 1, """{"epochs": 2, "s_per_epoch": 0.20}"""),
            Run("nnfs", "gemm", 1, """{"products": {"big 1024": {"gflops": 49, "peer_gflops": null, "ratio": null}}, "peer": "NumPy peer skipped (--no-peer)."}"""),
            Run("nnfs", "inference", 1, """{"batch": 128, "images_per_s": 500000, "latency_us": 4.0, "onnx_error": "ONNX Runtime is not part of the Native AOT build"}"""),
            Run("nnfs", "spiral", 1, """{"train_s": 0.1}"""),
        };
        var options = s_all with { Threads = [1], Peers = [] };
        var rows = new BenchTargets(options, runs, peak: null).Rows();
        string Measured(string start) => rows.First(r => r.Measure.StartsWith(start, StringComparison.Ordinal)).Measured;

        Assert.Equal("not measured: no peer ran (see the notes)", Measured("Fashion-MNIST"));
        Assert.Equal("not measured: no OpenBLAS figures; NumPy peer skipped (--no-peer).", Measured("sgemm 1024³"));
        Assert.Equal("not measured: no peak figure", Measured("the products"));
        Assert.Equal("not measured: the NumPy peer did not run", Measured("spiral"));
        Assert.Equal("not measured: the dgemm run failed or did not run", Measured("exact path's"));
        Assert.Equal("not measured: ONNX Runtime is not part of the Native AOT build", Measured("inference"));
        Assert.All(rows, r => Assert.Equal("not measured", r.Status));
    }

    [Fact]
    public void Report_PrintsTheTargetsTableAndTheOnnxRuntimeComparison()
    {
        var report = new BenchReport(s_all, MeasuredRuns(), [], new PeakFigure(125, "test")).Build();
        Assert.Contains("### Targets (issue 14; each a ratio from this run)", report);
        Assert.Contains("| sgemm 1024³ vs OpenBLAS | 2 | 0.49× (49.0 against 100.0 GFLOP/s) | ≥ 1.0× | not met |", report);
        Assert.Contains("| batches of 128 | 2 | 900,000 | 600,000 | 1.11 | 1.67 | 1.50× |", report);
        Assert.Contains("| one image at a time | 1 | 250,000 | 100,000 | 4.00 | 10.00 | 2.50× |", report);
        Assert.Contains("- Instruction sets: ", report);
        Assert.Contains("kernel tier (Engine.Tier): ", report);
        Assert.Contains("≥ 2× vs NumPy: met |", report);
    }

    [Fact]
    public void Quick_IsOneShortRoundOfEveryWorkload()
    {
        var quick = s_all.Quick();
        Assert.Equal((1, 1, 1, 1001, 0.05), (quick.Repeats, quick.Epochs, quick.ExactEpochs, quick.SpiralEpochs, quick.ProductSeconds));
        Assert.Equal(s_all.Workloads, quick.Workloads);
    }

    [Theory]
    [InlineData("--quick", 1, 1, 1001)]
    [InlineData("--quick --repeats 5 --spiral-epochs 30", 5, 1, 30)]
    [InlineData("--repeats 4", 4, 2, 10001)]
    public void Command_QuickShortensWhatWasNotGiven(string args, int repeats, int epochs, int spiralEpochs)
    {
        BenchOptions? read = null;
        var command = SideBySideCommand.Create(o => { read = o; return 0; });
        Assert.Equal(0, command.Parse(args + " --peers \"\"").Invoke());
        Assert.Equal((repeats, epochs, spiralEpochs), (read!.Repeats, read.Epochs, read.SpiralEpochs));
        Assert.Equal(BenchOptions.AllWorkloads, read.Workloads);
        Assert.Equal(args.Contains("--quick") ? 0.05 : 0.4, read.ProductSeconds);
    }

    [Fact]
    public void Plan_RunsTheProductsBesideOpenBlas_AndSkipsAPeerWhoseModuleIsMissing_WithOneLine()
    {
        var options = s_all with { Workloads = BenchOptions.AllWorkloads.Where(w => w != "predict").ToArray(), PeersDir = "/peers", Python = "/bin/sh", ProductSeconds = 0.05 };
        var (jobs, notes) = new BenchRunner(options, TextWriter.Null, imports: (_, module) => module == "numpy").Plan();
        Assert.DoesNotContain(jobs, j => j.Tool == "torch");
        Assert.Single(notes, n => n.Contains("torch", StringComparison.OrdinalIgnoreCase) && n.Contains("not run", StringComparison.Ordinal));
        var gemm = jobs.Where(j => j.Workload == "gemm").ToList();
        Assert.Equal([1, 2], gemm.Select(j => j.Threads));
        Assert.Contains("--result", gemm[0].Arguments);
        Assert.Equal(["--peers", "/peers", "--python", "/bin/sh"], gemm[1].Arguments.TakeLast(4));
        Assert.Equal("0.05", gemm[0].Arguments[gemm[0].Arguments.ToList().IndexOf("--seconds") + 1]);
        var dgemm = jobs.Where(j => j.Workload == "dgemm").ToList();
        Assert.Equal(2, dgemm.Count);
        Assert.Contains("exact", dgemm[0].Arguments);
        Assert.Equal([1, 2], jobs.Where(j => j.Workload == "inference").Select(j => j.Threads));
        Assert.Equal([1, 2], jobs.Where(j => j.Workload == "profile").Select(j => j.Threads));

        var (without, why) = new BenchRunner(options, TextWriter.Null, imports: (_, _) => false).Plan();
        Assert.DoesNotContain(without, j => j.IsPeer);
        Assert.All(without.Where(j => j.Workload is "gemm" or "dgemm"), j => Assert.Equal("--no-peer", j.Arguments[^1]));
        Assert.Single(why, n => n.StartsWith("NumPy peer", StringComparison.Ordinal));

        var (noPython, said) = new BenchRunner(options with { Python = "/no/such/python3" }, TextWriter.Null).Plan();
        Assert.DoesNotContain(noPython, j => j.IsPeer);
        Assert.Single(said, n => n.StartsWith("Peers not run: Python interpreter '/no/such/python3' not found", StringComparison.Ordinal));
        BenchRunner.CleanUp();
    }
}
