using System.CommandLine;

namespace Nnfs.Benchmarks.SideBySide;

/// <summary>
/// The hidden <c>worker</c> command: one benchmark run of Nnfs in a fresh process (<see cref="BenchWorker"/>), started
/// by <c>side-by-side</c> (<see cref="BenchRunner"/>); prints <c>RESULT {json}</c>.
/// </summary>
internal static class WorkerCommand
{
    /// <summary>The command's name, as the runner passes it.</summary>
    public const string Name = "worker";

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var workload = new Argument<string>("workload") { Description = "mlp, spiral, inference or runtime" };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 1 };
        var epochs = new Option<int?>("--epochs");
        var path = new Option<string>("--path") { DefaultValueFactory = _ => "fast" };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 128 };
        var dataDir = new Option<string?>("--data-dir");
        var profile = new Option<bool>("--profile") { Description = "Per-phase time and the matrix products timed alone" };
        var worker = new Command(Name, "One benchmark run of Nnfs (started by side-by-side); prints RESULT {json}")
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
