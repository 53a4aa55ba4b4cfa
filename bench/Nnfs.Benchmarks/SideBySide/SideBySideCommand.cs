using System.CommandLine;
using Nnfs.Benchmarks.Machine;

namespace Nnfs.Benchmarks.SideBySide;

/// <summary>
/// <c>side-by-side</c>: our training and the NumPy/PyTorch peers in one interleaved run on the same data, model,
/// initial weights, batch order and thread count, printed as a Markdown table.
/// </summary>
internal static class SideBySideCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "side-by-side";

    /// <summary>Creates the <c>side-by-side</c> command, which hands the options it read to <paramref name="execute"/>
    /// (default <see cref="Execute"/>: plan, run and report).</summary>
    public static Command Create(Func<BenchOptions, int>? execute = null)
    {
        var workloads = new Option<string>("--workloads")
        {
            Description = $"Comma-separated: {string.Join(",", BenchOptions.AllWorkloads)}",
            DefaultValueFactory = _ => string.Join(",", BenchOptions.AllWorkloads),
        };
        var peers = new Option<string>("--peers")
        {
            Description = "Comma-separated peers to run: numpy,torch (empty for none)",
            DefaultValueFactory = _ => "numpy,torch",
        };
        var threads = new Option<string>("--threads")
        {
            Description = "Thread counts for the mlp rows, e.g. 1,2 (exact path and inference use the largest, spiral the smallest)",
            DefaultValueFactory = _ => "1,2",
        };
        var epochs = new Option<int>("--epochs") { Description = "Fashion-MNIST epochs per mlp run", DefaultValueFactory = _ => 2 };
        var exactEpochs = new Option<int>("--exact-epochs") { Description = "Epochs per exact-path run", DefaultValueFactory = _ => 1 };
        var spiralEpochs = new Option<int>("--spiral-epochs") { Description = "Spiral epochs", DefaultValueFactory = _ => 10001 };
        var repeats = new Option<int>("--repeats") { Description = "Interleaved rounds (medians are over rounds)", DefaultValueFactory = _ => 3 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder with the Fashion-MNIST IDX .gz files (default: $NNFS_PEER_DATA, else shared/datasets/fashion-mnist above the repository)" };
        var peersDir = new Option<string?>("--peers-dir") { Description = "Folder with ref_numpy.py and ref_torch.py (default: $NNFS_PEERS, else shared/peers above the repository)" };
        var python = new Option<string?>("--python") { Description = $"Python interpreter of the peers (default: the first of {PythonInterpreter.DefaultName} on PATH and {PythonInterpreter.Fallback} that imports numpy)" };
        var peak = new Option<double?>("--peak-gflops") { Description = "One thread's FP32 peak, GFLOP/s, for the % of peak column (default: measured at start by a short FMA loop)" };
        var output = new Option<string?>("--output", "-o") { Description = "Also write the Markdown report to this file" };
        var predictExe = new Option<string?>("--predict-exe")
        {
            Description = "The nnfs executable whose 'predict' is timed (default: the Native AOT publish " +
                          PredictExecutable.AotPublishPath(PredictExecutable.CurrentRid) + " when present, else the CLI's build " +
                          PredictExecutable.CliBuildPath + ")",
        };

        var workerExe = new Option<string?>("--worker-exe")
        {
            Description = "The build of this program that runs our workers, e.g. its Native AOT publish " +
                          BenchProcess.AotPublishPath(PredictExecutable.CurrentRid) + " (default: this program)",
        };

        var quick = new Option<bool>("--quick")
        {
            Description = "A smoke run of every workload (1 round, 1 mlp epoch, 1,001 spiral epochs, products timed 0.05 s); options given explicitly still count",
        };

        var command = new Command(Name, "Benchmark Nnfs against NumPy, PyTorch, OpenBLAS and ONNX Runtime (same data, weights, batch order, threads) and print Markdown tables with every target")
        {
            workloads, peers, threads, epochs, exactEpochs, spiralEpochs, repeats, dataDir, peersDir, python, peak, output, predictExe, workerExe, quick,
        };
        command.SetAction(parse =>
        {
            BenchOptions options;
            try
            {
                options = new BenchOptions(
                    BenchOptions.ParseList(parse.GetValue(workloads)!, "workload", BenchOptions.AllWorkloads),
                    BenchOptions.ParseList(parse.GetValue(peers) ?? "", "peer", BenchOptions.AllPeers),
                    BenchOptions.ParseThreads(parse.GetValue(threads)!),
                    Positive(parse.GetValue(epochs), "--epochs"),
                    Positive(parse.GetValue(exactEpochs), "--exact-epochs"),
                    Positive(parse.GetValue(spiralEpochs), "--spiral-epochs"),
                    Positive(parse.GetValue(repeats), "--repeats"),
                    parse.GetValue(dataDir),
                    parse.GetValue(peersDir),
                    PythonInterpreter.DefaultName,
                    parse.GetValue(peak) is { } given ? Positive(given, "--peak-gflops") : null,
                    parse.GetValue(output),
                    parse.GetValue(predictExe),
                    parse.GetValue(workerExe));
                if (parse.GetValue(quick))
                {
                    var typed = options;
                    options = options.Quick();
                    bool Explicit(Option o) => parse.GetResult(o) is { Implicit: false };
                    if (Explicit(repeats)) options = options with { Repeats = typed.Repeats };
                    if (Explicit(epochs)) options = options with { Epochs = typed.Epochs };
                    if (Explicit(exactEpochs)) options = options with { ExactEpochs = typed.ExactEpochs };
                    if (Explicit(spiralEpochs)) options = options with { SpiralEpochs = typed.SpiralEpochs };
                }
                if (options.PredictExe is { } exe && !File.Exists(exe))
                    throw new ArgumentException($"--predict-exe: '{exe}' does not exist.");
                if (options.WorkerExe is { } worker && !File.Exists(worker))
                    throw new ArgumentException($"--worker-exe: '{worker}' does not exist.");
                if (options.Peers.Count > 0)
                {
                    string? asked = parse.GetValue(python);
                    try { options = options with { Python = PythonInterpreter.Find(asked, Environment.GetEnvironmentVariable("PATH")) }; }
                    // No interpreter at all, none asked for: the peers are skipped with one line (BenchRunner.Plan's note).
                    catch (ArgumentException) when (string.IsNullOrEmpty(asked)) { options = options with { Python = PythonInterpreter.Fallback }; }
                }
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine(Name + ": " + ex.Message);
                return 2;
            }
            return (execute ?? Execute)(options);
        });
        return command;
    }

    private static int Positive(int value, string name) =>
        value >= 1 ? value : throw new ArgumentException($"{name} must be >= 1, got {value}.");

    private static double Positive(double value, string name) =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentException($"{name} must be a positive number, got {value}.");

    /// <summary>Plans, runs and reports; returns the exit code (1 when any run failed).</summary>
    public static int Execute(BenchOptions options)
    {
        var runner = new BenchRunner(options, Console.Error);
        var (jobs, notes) = runner.Plan();
        var peak = Peak(options);
        Console.Error.WriteLine($"{Name}: peak {peak.Source}");
        Console.Error.WriteLine($"{Name}: {jobs.Count} runs per round, {options.Repeats} rounds");
        List<BenchRun> runs;
        try { runs = runner.Run(jobs); }
        finally { BenchRunner.CleanUp(); }
        var report = new BenchReport(options, runs, notes, peak).Build();
        Console.WriteLine(report);
        if (options.Output is not null) File.WriteAllText(options.Output, report);
        return runs.Any(r => r.Error is not null) ? 1 : 0;
    }

    /// <summary>The peak the "% of peak" column divides by: the option's, else measured now (before any run).</summary>
    public static PeakFigure Peak(BenchOptions options) =>
        options.PeakGflops is { } given
            ? new PeakFigure(given, $"{given:0.#} GFLOP/s FP32 per thread, given with --peak-gflops")
            : PeakFigure.From(PeakProbe.Measure());
}
