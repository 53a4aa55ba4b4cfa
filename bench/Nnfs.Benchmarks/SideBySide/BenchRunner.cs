namespace Nnfs.Benchmarks.SideBySide;

/// <summary>
/// Plans and runs <c>side-by-side</c>: every measurement is a fresh process (ours or a peer's), all of them run once per
/// round in a fixed order (A B A B …) so that slow and fast phases of the machine hit every tool alike, and the report
/// quotes medians over rounds. A peer whose Python module is missing (<paramref name="imports"/>: does this
/// interpreter import that module; default <see cref="PythonInterpreter.Imports"/>) is left out with one note.
/// </summary>
internal sealed class BenchRunner(BenchOptions options, TextWriter log, Func<string, string, bool>? imports = null)
{
    /// <summary>How long one run may take before it is killed.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The peer scripts' folder: the option, <c>$NNFS_PEERS</c>, or <c>shared/peers</c> above us. Null when none.</summary>
    public static string? FindPeersDirectory(string? peersDir)
    {
        if (!string.IsNullOrEmpty(peersDir)) return peersDir;
        var env = Environment.GetEnvironmentVariable("NNFS_PEERS");
        if (!string.IsNullOrEmpty(env)) return env;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var found = BenchData.FindUpwards(start, Path.Combine("shared", "peers"),
                d => File.Exists(Path.Combine(d, "ref_numpy.py")));
            if (found is not null) return found;
        }
        return null;
    }

    /// <summary>The runs of one round, without duplicates, and notes on what will not run.</summary>
    public (List<BenchJob> Jobs, List<string> Notes) Plan()
    {
        var jobs = new List<BenchJob>();
        var notes = new List<string>();
        var (self, prefix) = BenchProcess.Self();
        var (workerFile, workerPrefix) = (self, prefix);
        if (options.WorkerExe is { } workerExe)
        {
            var chosen = PredictExecutable.Given(workerExe, (self, prefix), "--worker-exe");
            (workerFile, workerPrefix) = (chosen.FileName, chosen.Prefix.ToArray());
            string build = PredictExecutable.Describe(BenchProcess.Run(chosen.Probe(), TimeSpan.FromMinutes(1)));
            notes.Add($"Nnfs workers run with `{chosen.CommandLine}` ({build}), chosen with --worker-exe.");
        }
        string? peers = FindPeersDirectory(options.PeersDir);
        bool python = File.Exists(options.Python) || !Path.IsPathRooted(options.Python);
        bool numpy = options.HasPeer("numpy"), torch = options.HasPeer("torch");
        if ((numpy || torch) && peers is null)
        {
            notes.Add("Peers not run: ref_numpy.py/ref_torch.py not found (pass --peers-dir or set $NNFS_PEERS).");
            numpy = torch = false;
        }
        else if ((numpy || torch) && !python)
        {
            notes.Add($"Peers not run: Python interpreter '{options.Python}' not found (pass --python).");
            numpy = torch = false;
        }
        imports ??= PythonInterpreter.Imports;
        if (numpy && !imports(options.Python, "numpy"))
        {
            notes.Add($"NumPy peer (and OpenBLAS for the products) not run: `{options.Python}` cannot import numpy.");
            numpy = false;
        }
        if (torch && !imports(options.Python, "torch"))
        {
            notes.Add($"PyTorch peer not run: `{options.Python}` cannot import torch.");
            torch = false;
        }

        int minThreads = options.Threads.Min(), maxThreads = options.Threads.Max();
        var dataArgs = options.DataDir is null ? Array.Empty<string>() : ["--data-dir", options.DataDir];

        void Ours(string workload, int threads, params string[] args) =>
            jobs.Add(new BenchJob("nnfs", workload, threads, workerFile,
                [.. workerPrefix, WorkerCommand.Name, .. args, "--threads", threads.ToString(), .. dataArgs]));
        void Peer(string tool, string workload, int threads, params string[] args)
        {
            string script = Path.Combine(peers!, tool == "numpy" ? "ref_numpy.py" : "ref_torch.py");
            jobs.Add(new BenchJob(tool, workload, threads, options.Python, [script, .. args, "--quiet"]));
        }
        void Mlp(int threads, int epochs)
        {
            Ours("mlp", threads, "mlp", "--epochs", epochs.ToString());
            // Nnfs's Model skips the first layer's unused input gradient, as PyTorch does: the NumPy peer is asked to skip it too.
            if (numpy) Peer("numpy", "mlp", threads, "mlp", "--epochs", epochs.ToString(), "--threads", threads.ToString(), "--skip-input-grad");
            if (torch) Peer("torch", "mlp", threads, "mlp", "--epochs", epochs.ToString(), "--threads", "1", "--blas-threads", threads.ToString());
        }

        if (options.Has("mlp"))
            foreach (int t in options.Threads) Mlp(t, options.Epochs);
        if (options.Has("memory") && !options.Has("mlp")) Mlp(minThreads, options.Epochs);
        if (options.Has("spiral"))
        {
            string e = options.SpiralEpochs.ToString();
            Ours("spiral", minThreads, "spiral", "--epochs", e);
            if (numpy) Peer("numpy", "spiral", minThreads, "spiral", "--epochs", e, "--threads", minThreads.ToString());
            if (torch) Peer("torch", "spiral", minThreads, "spiral", "--epochs", e, "--threads", "1", "--blas-threads", minThreads.ToString());
        }
        if (options.Has("exact"))
        {
            string e = options.ExactEpochs.ToString();
            Ours("exact", maxThreads, "mlp", "--path", "exact", "--epochs", e);
            if (numpy)
            {
                string script = Path.Combine(peers!, "ref_numpy.py");
                jobs.Add(new BenchJob("numpy", "exact", maxThreads, options.Python,
                    [WriteNnfsInitWrapper(), script, "mlp", "--epochs", e, "--threads", maxThreads.ToString(), "--quiet"]));
            }
        }
        if (options.Has("inference"))
            foreach (int t in options.Threads) Ours("inference", t, "inference");
        if (options.Has("profile"))
            foreach (int t in options.Threads) Ours("profile", t, "mlp", "--profile", "--epochs", options.Epochs.ToString());
        // The products beside OpenBLAS through NumPy: the gemm and exact tables of this program, one round per process.
        string[] productPeer = numpy ? ["--peers", peers!, "--python", options.Python] : ["--no-peer"];
        string productSeconds = options.ProductSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (workload, command) in new[] { ("gemm", "gemm"), ("dgemm", "exact") })
            if (options.Has(workload))
                foreach (int t in options.Threads)
                    jobs.Add(new BenchJob("nnfs", workload, t, self,
                        [.. prefix, command, "--threads", t.ToString(), "--seconds", productSeconds, "--result", .. productPeer]));
        if (options.Has("predict"))
        {
            var predict = PlanPredict(self, prefix, out string? why, out string? timed);
            if (predict is not null) jobs.Add(predict);
            notes.Add(predict is not null ? timed! : why!);
        }
        if (torch) notes.Add("TorchSharp peer not run (its restore is ~300 MB); the peers' README measured 0.654 s/epoch (1 thread), " +
            "0.574 (2 threads) and 2.99 s for spiral on this kind of machine: reference only, not from this run.");

        var unique = jobs.GroupBy(j => j.Key).Select(g => g.First()).ToList();
        return (unique, notes);
    }

    /// <summary>Runs the plan for <see cref="BenchOptions.Repeats"/> rounds and returns every run.</summary>
    public List<BenchRun> Run(IReadOnlyList<BenchJob> jobs)
    {
        var runs = new List<BenchRun>();
        for (int round = 1; round <= options.Repeats; round++)
        {
            foreach (var job in jobs)
            {
                log.Write($"[round {round}/{options.Repeats}] {job.Tool,-5} {job.Workload,-9} threads={job.Threads} … ");
                var run = BenchProcess.Run(job, RunTimeout);
                runs.Add(run);
                log.WriteLine(run.Error is not null ? "FAILED: " + run.Error : Summary(run));
            }
        }
        return runs;
    }

    private static string Summary(BenchRun run)
    {
        var parts = new List<string>();
        if (run.Number("s_per_epoch") is double spe && run.Job.Workload != "spiral") parts.Add($"{spe:0.000} s/epoch");
        else if (run.Number("train_s") is double t) parts.Add($"{t:0.000} s");
        if (run.Number("images_per_s") is double ips) parts.Add($"{ips:0} images/s");
        if (run.PeakRssKiB is long kib) parts.Add($"{kib / 1024.0:0} MiB peak");
        parts.Add($"{run.WallSeconds:0.0} s wall");
        return string.Join(", ", parts);
    }

    /// <summary>The temporary folder of the predict workload's model and sample (deleted by <see cref="CleanUp"/>).</summary>
    public static string PredictDirectory => Path.Combine(Path.GetTempPath(), $"nnfs-bench-predict-{Environment.ProcessId}");

    /// <summary>Deletes the temporary files of the run.</summary>
    public static void CleanUp()
    {
        if (Directory.Exists(PredictDirectory)) Directory.Delete(PredictDirectory, recursive: true);
        if (File.Exists(NnfsInitWrapperPath)) File.Delete(NnfsInitWrapperPath);
    }

    /// <summary>The temporary wrapper that runs a peer script under <c>nnfs.init()</c>'s <c>np.dot</c>.</summary>
    public static string NnfsInitWrapperPath => Path.Combine(Path.GetTempPath(), $"nnfs-bench-nnfs-init-{Environment.ProcessId}.py");

    /// <summary>
    /// Writes a Python wrapper that does what <c>nnfs.init()</c> does to <c>np.dot</c> (every argument converted to
    /// float64, the product rounded to float32; docs/numerics.md, "nnfs.init()") and then runs the peer script given as its first
    /// argument: the exact path's yardstick is the book's code under <c>nnfs.init()</c>, not plain float32 NumPy.
    /// The peer's <c>--threads</c> is applied to OpenBLAS before NumPy is imported, as the peer itself does.
    /// </summary>
    internal static string WriteNnfsInitWrapper()
    {
        const string Source = """
            import os, runpy, sys
            script, args = sys.argv[1], sys.argv[2:]
            if "--threads" in args:
                t = args[args.index("--threads") + 1]
                os.environ["OPENBLAS_NUM_THREADS"] = t
                os.environ["OMP_NUM_THREADS"] = t
            import numpy as np
            _dot = np.dot
            def dot(*arrays, **kwargs):
                return _dot(*[np.asarray(a).astype("float64") for a in arrays], **kwargs).astype("float32")
            np.dot = dot
            sys.argv = [script] + args
            runpy.run_path(script, run_name="__main__")

            """;
        File.WriteAllText(NnfsInitWrapperPath, Source);
        return NnfsInitWrapperPath;
    }

    /// <summary>
    /// <c>nnfs predict MODEL sample.csv</c> as a user runs it, timed as a whole process: a model file of the benchmark
    /// network (benchdata's weights; the cost does not depend on the values) and one 784-value row of benchdata's
    /// synthetic pixels scaled to [−1, 1], written to a temporary folder. The executable is
    /// <see cref="PredictExecutable.Choose"/>'s, and <paramref name="timed"/> says which one it is and what kind of
    /// build (read from its files, <see cref="PredictExecutable.DescribeTool"/>). Null, with the reason, when no
    /// <c>nnfs</c> is found or that build has no <c>predict</c> command.
    /// </summary>
    internal BenchJob? PlanPredict(string self, string[] prefix, out string? why, out string? timed)
    {
        string[] searchFrom = [Directory.GetCurrentDirectory(), AppContext.BaseDirectory];
        var exe = PredictExecutable.Choose(options.PredictExe, searchFrom, (self, prefix));
        timed = null;
        if (exe is null)
        {
            why = $"`nnfs predict` not measured: no nnfs found (neither {PredictExecutable.AotPublishPath(PredictExecutable.CurrentRid)} " +
                  $"nor {PredictExecutable.CliBuildPath} above the working directory); build src/Nnfs.Cli -c Release or pass --predict-exe.";
            return null;
        }
        var help = new BenchJob("nnfs", "predict", 1, exe.FileName, [.. exe.Prefix, "--help"], ExpectsResult: false);
        var probe = BenchProcess.Run(help, TimeSpan.FromMinutes(1));
        if (probe.Error is not null || !probe.StandardOutput.Split('\n').Any(l => l.TrimStart().StartsWith("predict ", StringComparison.Ordinal)))
        {
            why = $"`nnfs predict` not measured: `{exe.CommandLine}` has no predict command" +
                  (probe.Error is not null ? $" ({probe.Error})." : ".");
            return null;
        }
        string build = exe.DescribeTool();
        string built = "";
        if (exe.Prefix.Count == 0)
        {
            var time = File.GetLastWriteTimeUtc(exe.FileName);
            var cliBuild = searchFrom.Select(s => BenchData.FindUpwards(s, PredictExecutable.CliBuildPath, File.Exists)).FirstOrDefault(f => f is not null);
            built = $", built {time:yyyy-MM-dd HH:mm} UTC" +
                    (cliBuild is not null && File.GetLastWriteTimeUtc(cliBuild) > time ? ", older than the CLI's Release build: publish it again" : "");
        }
        timed = $"`nnfs predict` timed with `{exe.CommandLine}`: {build} (chosen: {exe.Origin}{built}).";
        var dir = PredictDirectory;
        Directory.CreateDirectory(dir);
        var model = Path.Combine(dir, "fashion-mlp.nnfs");
        Nnfs.Serialization.ModelFile.Save(new BenchNetwork(BenchWorker.MlpSizes, new Nnfs.Optimizers.Adam()).Model, model);
        var (pixels, _) = BenchData.SynthFashionPixels(60000, 1);
        var row = BenchData.Scale(pixels, 1, 784).Span.ToArray();
        var csv = Path.Combine(dir, "sample.csv");
        File.WriteAllText(csv, string.Join(',', row.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n");
        why = null;
        return new BenchJob("nnfs", "predict", 1, exe.FileName, [.. exe.Prefix, "predict", model, csv], ExpectsResult: false, Build: build);
    }
}
