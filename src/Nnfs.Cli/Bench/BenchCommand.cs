using System.CommandLine;

namespace Nnfs.Cli.Bench;

/// <summary>
/// <c>nnfs bench</c>: our training and the NumPy/PyTorch peers in one interleaved run on the same data, model,
/// initial weights, batch order and thread count, printed as a Markdown table.
/// </summary>
internal static class BenchCommand
{
    /// <summary>Creates the <c>bench</c> command (with its hidden <c>worker</c> subcommand).</summary>
    public static Command Create()
    {
        var workloads = new Option<string>("--workloads")
        {
            Description = $"Comma-separated: {string.Join(",", BenchOptions.AllWorkloads)}",
            DefaultValueFactory = _ => "mlp,spiral,exact,memory,inference,predict",
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
        var python = new Option<string>("--python") { Description = "Python interpreter of the peers", DefaultValueFactory = _ => "/usr/bin/python3" };
        var peak = new Option<double>("--peak-gflops") { Description = "Machine FP32 peak for the % of peak column (default: the peers' README figure for this machine's 2 cores)", DefaultValueFactory = _ => 234 };
        var output = new Option<string?>("--output", "-o") { Description = "Also write the Markdown report to this file" };
        var predictExe = new Option<string?>("--predict-exe")
        {
            Description = "The nnfs executable whose 'predict' is timed (default: the Native AOT publish " +
                          PredictExecutable.AotPublishPath(PredictExecutable.CurrentRid) + " when present, else this CLI)",
        };

        var nnfsExe = new Option<string?>("--nnfs-exe")
        {
            Description = "The nnfs build that runs our workers, e.g. the Native AOT publish " +
                          PredictExecutable.AotPublishPath(PredictExecutable.CurrentRid) + " (default: this CLI)",
        };

        var command = new Command("bench", "Benchmark Nnfs against NumPy and PyTorch (same data, weights, batch order, threads) and print a Markdown table")
        {
            workloads, peers, threads, epochs, exactEpochs, spiralEpochs, repeats, dataDir, peersDir, python, peak, output, predictExe, nnfsExe,
        };
        command.Subcommands.Add(CreateWorker());
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
                    parse.GetValue(python)!,
                    parse.GetValue(peak),
                    parse.GetValue(output),
                    parse.GetValue(predictExe),
                    parse.GetValue(nnfsExe));
                if (options.PredictExe is { } exe && !File.Exists(exe))
                    throw new ArgumentException($"--predict-exe: '{exe}' does not exist.");
                if (options.NnfsExe is { } workerExe && !File.Exists(workerExe))
                    throw new ArgumentException($"--nnfs-exe: '{workerExe}' does not exist.");
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine("nnfs bench: " + ex.Message);
                return 2;
            }
            return Execute(options);
        });
        return command;
    }

    private static int Positive(int value, string name) =>
        value >= 1 ? value : throw new ArgumentException($"{name} must be >= 1, got {value}.");

    /// <summary>Plans, runs and reports; returns the exit code (1 when any run failed).</summary>
    public static int Execute(BenchOptions options)
    {
        var runner = new BenchRunner(options, Console.Error);
        var (jobs, notes) = runner.Plan();
        Console.Error.WriteLine($"nnfs bench: {jobs.Count} runs per round, {options.Repeats} rounds");
        List<BenchRun> runs;
        try { runs = runner.Run(jobs); }
        finally { BenchRunner.CleanUp(); }
        var report = new BenchReport(options, runs, notes).Build();
        Console.WriteLine(report);
        if (options.Output is not null) File.WriteAllText(options.Output, report);
        return runs.Any(r => r.Error is not null) ? 1 : 0;
    }

    private static Command CreateWorker()
    {
        var workload = new Argument<string>("workload") { Description = "mlp, spiral, inference or runtime" };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 1 };
        var epochs = new Option<int?>("--epochs");
        var path = new Option<string>("--path") { DefaultValueFactory = _ => "fast" };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 128 };
        var dataDir = new Option<string?>("--data-dir");
        var profile = new Option<bool>("--profile") { Description = "Per-phase time and the matrix products timed alone" };
        var worker = new Command("worker", "One benchmark run of Nnfs (started by nnfs bench); prints RESULT {json}")
        {
            workload, threads, epochs, path, batch, dataDir, profile,
        };
        worker.Hidden = true;
        worker.SetAction(parse =>
        {
            BenchWorker.Run(parse.GetValue(workload)!, parse.GetValue(threads), parse.GetValue(epochs),
                BenchWorker.ParsePath(parse.GetValue(path)!), parse.GetValue(dataDir), parse.GetValue(profile),
                parse.GetValue(batch), Console.Out, Console.Error);
            return 0;
        });
        return worker;
    }
}
