using System.CommandLine;
#if !NNFS_NATIVE_AOT
using BenchmarkDotNet.Running;
#endif
using Nnfs.Benchmarks.Machine;
using Nnfs.Benchmarks.Micro;
using Nnfs.Benchmarks.SideBySide;

namespace Nnfs.Benchmarks;

/// <summary>
/// The one benchmark program: <c>side-by-side</c> (Nnfs against the NumPy and PyTorch peers, each run a fresh
/// process of this program's hidden <c>worker</c>), <c>peak</c> (this thread's FP32 peak), and the micro-benchmarks
/// <c>gemm</c>, <c>exact</c>, <c>step</c>, <c>kernel</c> and <c>micro</c> (BenchmarkDotNet).
/// </summary>
internal static class BenchmarkApp
{
    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand CreateRoot() => new("Nnfs benchmarks: side by side with NumPy and PyTorch, and micro-benchmarks of the kernels.")
    {
        SideBySideCommand.Create(),
        WorkerCommand.Create(),
        PeakCommand(),
        PassThrough("gemm", "GFLOP/s of the fast kernel on the network's products beside NumPy: [--threads N] [--rounds R] [--seconds S] [--cpu-time] [--peak-gflops G] [--variant kc=…,nc=…]…", GemmTable.Run),
        PassThrough("exact", "The exact (double) kernel against the FP64 peak: [--threads N] [--seconds S] [--cpu-time] [--only PREFIX] [--peak-gflops G] | --probe [KC]", ExactGemmTable.Run),
        PassThrough("step", "A training step's nine products with element-wise gaps, kernel settings in alternation: [--threads N] [--rounds R] [--steps S] [--cpu-time] [--variant spin=US,panel=N]…", StepProbe.Run),
        PassThrough("infer", "Where a batch-128 forward pass's time goes at 1 and 2 threads, columns against row shares: [--rounds R] [--calls C] [--panel-kc K]", InferProbe.Run),
        PassThrough("kernel", "The micro-kernel alone on cache-resident operands: [kc] [slivers] [lda]", KernelProbe.Run),
        PassThrough("micro", "BenchmarkDotNet: e.g. --filter '*TrainingStep*' '*Inference*' '*MatMulBenchmarks*'", args =>
        {
#if NNFS_NATIVE_AOT
            Console.Error.WriteLine("micro: BenchmarkDotNet is not part of the Native AOT build; run it with dotnet run -c Release --project bench/Nnfs.Benchmarks -- micro.");
            return 2;
#else
            BenchmarkSwitcher.FromAssembly(typeof(BenchmarkApp).Assembly).Run(args[1..]);
            return 0;
#endif
        }),
    };

    private static Command PeakCommand()
    {
        var seconds = new Option<double>("--seconds") { Description = "How long to measure", DefaultValueFactory = _ => 0.25 };
        var command = new Command("peak", "Measure this thread's FP32 peak with a loop of independent FMAs on the widest vector") { seconds };
        command.SetAction(parse =>
        {
            double s = parse.GetValue(seconds);
            if (!double.IsFinite(s) || s <= 0 || s > 60)
            {
                Console.Error.WriteLine($"peak: --seconds must be in (0, 60], got {s}.");
                return 2;
            }
            Console.WriteLine(PeakProbe.Measure(TimeSpan.FromSeconds(s)).Describe());
            return 0;
        });
        return command;
    }

    /// <summary>A command whose arguments are read by <paramref name="run"/> itself (its name first, as it expects).</summary>
    private static Command PassThrough(string name, string description, Func<string[], int> run)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(parse => run([name, .. parse.UnmatchedTokens]));
        return command;
    }
}
