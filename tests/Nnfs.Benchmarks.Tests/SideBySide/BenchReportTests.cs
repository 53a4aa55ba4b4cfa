using System.Text.Json;
using Nnfs.Benchmarks.Machine;
using Nnfs.Benchmarks.SideBySide;

namespace Nnfs.Benchmarks.Tests.SideBySide;

[Collection(BenchTempFiles.Name)]
public class BenchReportTests
{
    private static BenchOptions Options(string peers = "numpy,torch") => new(
        ["mlp", "spiral"], BenchOptions.ParseList(peers, "peer", BenchOptions.AllPeers), [1], Epochs: 2, Repeats: 3);

    private static BenchRun Run(string tool, string workload, string json, long? rssKiB = null) =>
        new(new BenchJob(tool, workload, 1, tool, [workload]), JsonDocument.Parse(json).RootElement.Clone(), rssKiB, 1.0, null);

    [Fact]
    public void TrainFlopsPerSample_IsThePeersFormula()
    {
        // The peers' README: "The mlp does 30.44 GFLOP of matrix products per epoch" (60,000 samples).
        long fps = BenchReport.TrainFlopsPerSample([784, 128, 128, 10]);
        Assert.Equal(30.44, Math.Round(fps * 60000 / 1e9, 2));
    }

    [Fact]
    public void Median_OfOddAndEvenCounts()
    {
        Assert.Equal(2.0, BenchReport.Median([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, BenchReport.Median([4.0, 1.0, 2.0, 3.0]));
        Assert.Null(BenchReport.Median([]));
    }

    [Fact]
    public void Report_QuotesMediansAndRatiosAndMarksMissingPeers()
    {
        var runs = new List<BenchRun>();
        foreach (var (ours, numpy) in new[] { (0.30, 0.90), (0.20, 0.80), (0.25, 1.00) })
        {
            runs.Add(Run("nnfs", "mlp", $$"""{"epochs": 2, "s_per_epoch": {{ours}}, "train_s": {{2 * ours}}, "alloc_bytes_per_step": 0, "alloc_total_bytes_per_step": 0}""", 100 * 1024));
            runs.Add(Run("numpy", "mlp", $$"""{"epochs": 2, "s_per_epoch": {{numpy}}, "train_s": {{2 * numpy}}, "numpy": "1.24.2"}""", 600 * 1024));
        }
        runs.Add(Run("nnfs", "spiral", """{"epochs": 10001, "train_s": 0.1}"""));
        runs.Add(Run("numpy", "spiral", """{"epochs": 10001, "train_s": 2.0}"""));
        var failed = new BenchJob("torch", "mlp", 1, "/usr/bin/python3", ["ref_torch.py"]);
        runs.Add(new BenchRun(failed, null, null, 0.1, "exit code 1, no RESULT line"));

        var report = new BenchReport(Options(), runs, ["a note"]).Build();

        Assert.Contains("| Fashion-MNIST mlp, s/epoch | 1 | 0.250 | 0.900 | not run | 3.60× | — | ≥ 2× the fastest peer: met |", report);
        Assert.Contains("| spiral, 10,001 epochs, s | 1 | 0.100 | 2.000 | not run | 20.00× | — | ≥ 15× vs NumPy: met |", report);
        Assert.Contains("| peak RSS of the mlp training process, MiB | 1 | 100 | 600 | not run | 0.17× of NumPy's |", report);
        Assert.Contains("0 / 0 | — | — | — | — | 0: met |", report);
        Assert.Contains("- a note", report);
        Assert.Contains("FAILED 1×", report);
        Assert.Contains("| numpy | mlp | 1 | 1.800 [1.600–2.000] | 0.900 [0.800–1.000] |", report);
    }

    [Fact]
    public void Report_GivesThePeakAndItsSource_AndThePercentOfIt()
    {
        var runs = new List<BenchRun>
        {
            Run("nnfs", "mlp", """{"epochs": 2, "s_per_epoch": 0.5, "gflops": 50}"""),
            Run("nnfs", "mlp", """{"epochs": 2, "s_per_epoch": 0.5, "gflops": 60}"""),
        };
        var report = new BenchReport(Options(), runs, [], new PeakFigure(200, "200 GFLOP/s, from the test")).Build();
        Assert.Contains("- Peak: 200 GFLOP/s, from the test", report);
        Assert.Contains("| % of 200 GFLOP/s |", report);
        Assert.Contains("| 55.0 [50.0–60.0] | 27.5 [25.0–30.0] |", report);

        var unknown = new BenchReport(Options(), runs, []).Build();
        Assert.Contains("- Peak: not known", unknown);
        Assert.Contains("| 55.0 [50.0–60.0] | — |", unknown);
    }

    [Fact]
    public void Peak_GivenIsUsedAsIs()
    {
        var figure = SideBySideCommand.Peak(Options() with { PeakGflops = 117 });
        Assert.Equal(117, figure.Gflops);
        Assert.Contains("given with --peak-gflops", figure.Source);
    }

    [Fact]
    public void Report_JudgesTheMlpAgainstTheFastestPeer()
    {
        var runs = new List<BenchRun>
        {
            Run("nnfs", "mlp", """{"epochs": 2, "s_per_epoch": 0.40}"""),
            Run("numpy", "mlp", """{"epochs": 2, "s_per_epoch": 0.90}"""),
            Run("torch", "mlp", """{"epochs": 2, "s_per_epoch": 0.78}"""),
        };
        var report = new BenchReport(Options(), runs, []).Build();
        Assert.Contains("| 2.25× | 1.95× | ≥ 2× the fastest peer: not met |", report);
        runs[2] = Run("torch", "mlp", """{"epochs": 2, "s_per_epoch": 0.80}""");
        Assert.Contains("| 2.25× | 2.00× | ≥ 2× the fastest peer: met |", new BenchReport(Options(), runs, []).Build());
    }

    [Fact]
    public void Report_PeersNotAsked_SaysSo()
    {
        var runs = new List<BenchRun> { Run("nnfs", "mlp", """{"epochs": 2, "s_per_epoch": 0.5}""") };
        var report = new BenchReport(Options(peers: ""), runs, []).Build();
        Assert.Contains("| Fashion-MNIST mlp, s/epoch | 1 | 0.500 | not asked | not asked | — | — |", report);
    }

    [Fact]
    public void ParseResult_TakesTheLastResultLine()
    {
        var r = BenchProcess.ParseResult("epoch 1\nRESULT {\"train_s\": 1}\nnoise\nRESULT {\"train_s\": 2.5}\n");
        Assert.Equal(2.5, r!.Value.GetProperty("train_s").GetDouble());
        Assert.Null(BenchProcess.ParseResult("no result here"));
    }

    [Fact]
    public void Process_ReadsResultPeakRssAndFailures()
    {
        if (!File.Exists("/bin/sh")) return;
        var ok = BenchProcess.Run(new BenchJob("numpy", "mlp", 1, "/bin/sh", ["-c", "echo noise; echo 'RESULT {\"train_s\": 1.5}'"]), TimeSpan.FromMinutes(1));
        Assert.Null(ok.Error);
        Assert.Equal(1.5, ok.Number("train_s"));
        Assert.True(ok.PeakRssKiB is null or > 0);

        var failed = BenchProcess.Run(new BenchJob("numpy", "mlp", 1, "/bin/sh", ["-c", "echo 'ImportError: no numpy' >&2; exit 3"]), TimeSpan.FromMinutes(1));
        Assert.Contains("exit code 3", failed.Error);
        Assert.Contains("ImportError: no numpy", failed.Error);

        var plain = BenchProcess.Run(new BenchJob("nnfs", "predict", 1, "/bin/sh", ["-c", "echo done"], ExpectsResult: false), TimeSpan.FromMinutes(1));
        Assert.Null(plain.Error);
        Assert.Contains("done", plain.StandardOutput);

        var missing = BenchProcess.Run(new BenchJob("nnfs", "mlp", 1, "/no/such/nnfs", []), TimeSpan.FromMinutes(1));
        Assert.NotNull(missing.Error);
    }

    [Fact]
    public void Options_RejectUnknownNamesAndBadThreads()
    {
        Assert.Equal(["mlp", "spiral"], BenchOptions.ParseList(" mlp, Spiral ,mlp", "workload", BenchOptions.AllWorkloads));
        var ex = Assert.Throws<ArgumentException>(() => BenchOptions.ParseList("mlp,gpu", "workload", BenchOptions.AllWorkloads));
        Assert.Contains("'gpu'", ex.Message);
        Assert.Equal([1, 2], BenchOptions.ParseThreads("1,2"));
        Assert.Contains("'0'", Assert.Throws<ArgumentException>(() => BenchOptions.ParseThreads("1,0")).Message);
    }

    [Fact]
    public void Plan_InterleavesOursAndPeersWithTheSameSettings()
    {
        var options = new BenchOptions(["mlp", "exact", "memory"], ["numpy", "torch"], [1, 2], Epochs: 2, ExactEpochs: 2,
            PeersDir: "/peers", Python: "/bin/sh");
        var (jobs, notes) = new BenchRunner(options, TextWriter.Null, imports: (_, _) => true).Plan();
        var lines = jobs.Select(j => $"{j.Tool} {j.Workload} {j.Threads}").ToArray();
        Assert.Equal(["nnfs mlp 1", "numpy mlp 1", "torch mlp 1", "nnfs mlp 2", "numpy mlp 2", "torch mlp 2", "nnfs exact 2", "numpy exact 2"], lines);
        Assert.Contains("--blas-threads", jobs[5].Arguments);
        // Same work as ours: the NumPy mlp peer skips the first layer's unused input gradient, as our Model does.
        Assert.Contains("--skip-input-grad", jobs[1].Arguments);
        Assert.Equal("2", jobs[5].Arguments[^2]);
        Assert.Contains(notes, n => n.Contains("TorchSharp"));

        // The exact path's yardstick is the book's code under nnfs.init(): ref_numpy.py run through the np.dot wrapper.
        var exactPeer = jobs[7];
        Assert.Equal(BenchRunner.NnfsInitWrapperPath, exactPeer.Arguments[0]);
        Assert.Equal("/peers/ref_numpy.py", exactPeer.Arguments[1]);
        var wrapper = File.ReadAllText(BenchRunner.NnfsInitWrapperPath);
        Assert.Contains("np.dot = dot", wrapper);
        Assert.Contains(".astype(\"float64\")", wrapper);
        Assert.Contains(".astype(\"float32\")", wrapper);
        BenchRunner.CleanUp();
        Assert.False(File.Exists(BenchRunner.NnfsInitWrapperPath));
    }
}
