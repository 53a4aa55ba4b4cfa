namespace Nnfs.Benchmarks.SideBySide;

/// <summary>What <c>side-by-side</c> measures and how often.</summary>
/// <param name="Workloads">Any of <see cref="AllWorkloads"/>.</param>
/// <param name="Peers">Any of <c>numpy</c>, <c>torch</c>.</param>
/// <param name="Threads">Thread counts for the mlp rows; the exact path and inference use the largest, spiral the smallest.</param>
/// <param name="Epochs">Fashion-MNIST epochs per mlp run (s/epoch = training time / epochs, as the peers report).</param>
/// <param name="ExactEpochs">Fashion-MNIST epochs per exact-path run.</param>
/// <param name="SpiralEpochs">Spiral epochs (the book's 10,001).</param>
/// <param name="Repeats">Rounds; every run of a round is done once per round, in the same order (A B A B).</param>
/// <param name="DataDir">Fashion-MNIST folder, or null to search (see <see cref="BenchData.FindFashionDirectory"/>).</param>
/// <param name="PeersDir">Folder of ref_numpy.py and ref_torch.py, or null to search.</param>
/// <param name="Python">The Python interpreter of the peers (the command resolves it with <see cref="PythonInterpreter.Find"/>).</param>
/// <param name="PeakGflops">One thread's FP32 peak, GFLOP/s, for the "% of peak" column, or null to measure it
/// (<see cref="Machine.PeakProbe"/>).</param>
/// <param name="Output">File the Markdown report is also written to, or null.</param>
/// <param name="PredictExe">The <c>nnfs</c> executable whose <c>predict</c> is timed, or null to choose one
/// (see <see cref="PredictExecutable.Choose"/>).</param>
/// <param name="WorkerExe">The build of this program that runs our training and inference workers (e.g. its Native AOT
/// publish, or a <c>.dll</c>), or null for this program itself.</param>
/// <param name="ProductSeconds">How long the <c>gemm</c> and <c>dgemm</c> workloads time each product, per side (their
/// <c>--seconds</c>).</param>
internal sealed record BenchOptions(
    IReadOnlyList<string> Workloads,
    IReadOnlyList<string> Peers,
    IReadOnlyList<int> Threads,
    int Epochs = 2,
    int ExactEpochs = 1,
    int SpiralEpochs = 10001,
    int Repeats = 3,
    string? DataDir = null,
    string? PeersDir = null,
    string Python = PythonInterpreter.DefaultName,
    double? PeakGflops = null,
    string? Output = null,
    string? PredictExe = null,
    string? WorkerExe = null,
    double ProductSeconds = 0.4)
{
    /// <summary>Every workload, in report order: the default runs them all (every target of the report).</summary>
    public static readonly string[] AllWorkloads = ["mlp", "spiral", "exact", "memory", "inference", "predict", "profile", "gemm", "dgemm"];

    /// <summary>
    /// <c>--quick</c>, a smoke run of every workload: one round, one mlp epoch, 1,001 spiral epochs, products timed
    /// for 0.05 s; figures from it prove that the run works, not how fast anything is.
    /// </summary>
    public BenchOptions Quick() => this with { Repeats = 1, Epochs = 1, ExactEpochs = 1, SpiralEpochs = 1001, ProductSeconds = 0.05 };

    /// <summary>Every peer.</summary>
    public static readonly string[] AllPeers = ["numpy", "torch"];

    /// <summary>Whether <paramref name="workload"/> was asked for.</summary>
    public bool Has(string workload) => Workloads.Contains(workload);

    /// <summary>Whether <paramref name="peer"/> was asked for.</summary>
    public bool HasPeer(string peer) => Peers.Contains(peer);

    /// <summary>Splits a comma-separated list, checking each item against <paramref name="allowed"/>.</summary>
    /// <exception cref="ArgumentException">An unknown item, naming it and the allowed ones.</exception>
    public static string[] ParseList(string text, string what, IReadOnlyCollection<string> allowed)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant()).Distinct().ToArray();
        foreach (var item in items)
            if (!allowed.Contains(item))
                throw new ArgumentException($"unknown {what} '{item}'; expected any of {string.Join(", ", allowed)}.");
        return items;
    }

    /// <summary>Parses <c>1,2</c> into thread counts (each at least 1).</summary>
    /// <exception cref="ArgumentException">Not a list of positive integers.</exception>
    public static int[] ParseThreads(string text)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new ArgumentException("--threads needs at least one thread count, e.g. 1,2.");
        return items.Select(s => int.TryParse(s, out int t) && t >= 1
            ? t
            : throw new ArgumentException($"--threads: '{s}' is not a thread count >= 1.")).Distinct().ToArray();
    }
}
