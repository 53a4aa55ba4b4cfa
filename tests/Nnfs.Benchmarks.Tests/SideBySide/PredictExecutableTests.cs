using System.Text.Json;
using Nnfs.Benchmarks.SideBySide;

namespace Nnfs.Benchmarks.Tests.SideBySide;

[Collection(BenchTempFiles.Name)]
public sealed class PredictExecutableTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"nnfs-predict-exe-test-{Guid.NewGuid():N}");

    public PredictExecutableTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly (string, string[]) s_self = ("/usr/bin/dotnet", ["/x/Nnfs.Benchmarks.dll"]);

    [Fact]
    public void Choose_FindsTheAotPublishAboveTheStartFolder_ElseTheCliBuild_ElseNothing()
    {
        var nested = Path.Combine(_root, "docs", "deeper");
        Directory.CreateDirectory(nested);
        Assert.Null(PredictExecutable.Choose(null, [nested], s_self));

        var cli = Path.Combine(_root, PredictExecutable.CliBuildPath);
        Directory.CreateDirectory(Path.GetDirectoryName(cli)!);
        File.WriteAllText(cli, "");
        var none = PredictExecutable.Choose(null, [nested], s_self)!;
        Assert.Equal("/usr/bin/dotnet", none.FileName);
        Assert.Equal([cli], none.Prefix);
        Assert.Contains("no Native AOT publish", none.Origin);

        var exe = Path.Combine(_root, PredictExecutable.AotPublishPath(PredictExecutable.CurrentRid));
        Directory.CreateDirectory(Path.GetDirectoryName(exe)!);
        File.WriteAllText(exe, "");
        var found = PredictExecutable.Choose(null, [nested], s_self)!;
        Assert.Equal(exe, found.FileName);
        Assert.Empty(found.Prefix);
        Assert.EndsWith(Path.Combine("net10.0", PredictExecutable.CurrentRid, "publish", OperatingSystem.IsWindows() ? "nnfs.exe" : "nnfs"), found.FileName);
    }

    [Fact]
    public void Choose_TakesTheOption_RunningADllWithDotnet()
    {
        var exe = Path.Combine(_root, "nnfs");
        File.WriteAllText(exe, "");
        var native = PredictExecutable.Choose(exe, [_root], s_self)!;
        Assert.Equal((exe, 0, "--predict-exe"), (native.FileName, native.Prefix.Count, native.Origin));

        var dll = Path.Combine(_root, "Nnfs.Cli.dll");
        File.WriteAllText(dll, "");
        var managed = PredictExecutable.Choose(dll, [_root], s_self)!;
        Assert.Equal("/usr/bin/dotnet", managed.FileName);
        Assert.Equal([dll], managed.Prefix);
        Assert.Equal("dotnet", PredictExecutable.Choose(dll, [_root], ("/opt/nnfs/Nnfs.Benchmarks", []))!.FileName);

        var ex = Assert.Throws<FileNotFoundException>(() => PredictExecutable.Choose(Path.Combine(_root, "missing"), [_root], s_self));
        Assert.Contains("missing", ex.Message);
    }

    private static BenchRun Probe(string? json, string? error = null) =>
        new(new BenchJob("nnfs", "runtime", 1, "nnfs", []), json is null ? null : JsonDocument.Parse(json).RootElement.Clone(), null, 0.01, error);

    [Fact]
    public void Describe_SaysWhatTheExecutableReports()
    {
        Assert.Equal("Native AOT", PredictExecutable.Describe(Probe("""{"native_aot": true, "runtime": ".NET 10.0.0"}""")));
        Assert.Equal("JIT, .NET 10.0.0", PredictExecutable.Describe(Probe("""{"native_aot": false, "ready_to_run": false, "runtime": ".NET 10.0.0"}""")));
        Assert.Equal("ReadyToRun + JIT, .NET 10.0.0", PredictExecutable.Describe(Probe("""{"native_aot": false, "ready_to_run": true, "runtime": ".NET 10.0.0"}""")));
        Assert.Equal("unknown build", PredictExecutable.Describe(Probe("""{"tool": "nnfs"}""")));
        Assert.Equal("unknown build", PredictExecutable.Describe(Probe(null, "exit code 1")));
    }

    [Fact]
    public void DescribeTool_ReadsTheBuildFromTheFilesBesideIt()
    {
        // References: the runtime's own CoreLib is ReadyToRun, this test assembly is plain IL.
        string coreLib = typeof(object).Assembly.Location, plain = typeof(PredictExecutableTests).Assembly.Location;
        var dir = Path.Combine(_root, "cli");
        Directory.CreateDirectory(dir);
        var cli = Path.Combine(dir, "Nnfs.Cli.dll");
        File.WriteAllText(cli, "");
        var apphost = Path.Combine(dir, "nnfs");
        File.WriteAllText(apphost, "");
        File.Copy(coreLib, Path.Combine(dir, "Nnfs.dll"));
        Assert.Equal("ReadyToRun + JIT", new PredictExecutable("dotnet", [cli], "test").DescribeTool());
        Assert.Equal("ReadyToRun + JIT", new PredictExecutable(apphost, [], "test").DescribeTool());
        File.Copy(plain, Path.Combine(dir, "Nnfs.dll"), overwrite: true);
        Assert.Equal("JIT", new PredictExecutable("dotnet", [cli], "test").DescribeTool());

        var native = Path.Combine(_root, "publish", "nnfs");
        Directory.CreateDirectory(Path.GetDirectoryName(native)!);
        File.WriteAllText(native, "");
        Assert.Equal("Native AOT", new PredictExecutable(native, [], "test").DescribeTool());
    }

    [Fact]
    public void Plan_TimesTheChosenExecutable_AndNamesItsBuild()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh")) return;
        // A stand-in nnfs that lists a predict command for --help, with no managed assembly beside it (as the Native
        // AOT publish).
        var exe = Path.Combine(_root, "nnfs");
        File.WriteAllText(exe, """
            #!/bin/sh
            case "$*" in
              --help) echo "Commands:"; echo "  predict <MODEL> <FILES>  Predict";;
              *) exit 3;;
            esac

            """);
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new BenchOptions(["predict"], [], [1], PredictExe: exe);
        var runner = new BenchRunner(options, TextWriter.Null);
        try
        {
            var job = runner.PlanPredict("/usr/bin/dotnet", ["/x/Nnfs.Benchmarks.dll"], out var why, out var timed);
            Assert.NotNull(job);
            Assert.Null(why);
            Assert.Equal(exe, job.FileName);
            Assert.Equal("predict", job.Arguments[0]);
            Assert.Equal("Native AOT", job.Build);
            Assert.Contains(exe, timed);
            Assert.Contains("Native AOT (chosen: --predict-exe", timed);

            var runs = new List<BenchRun> { new(job, null, null, 0.012, null), new(job, null, null, 0.010, null), new(job, null, null, 0.014, null) };
            var report = new BenchReport(options, runs, [timed!]).Build();
            Assert.Contains("(one 784-value CSV row) (Native AOT), process wall time, s | 1 | 0.012 | — | — | — | — | < 0.15 s: met |", report);
        }
        finally { BenchRunner.CleanUp(); }

        File.WriteAllText(exe, "#!/bin/sh\necho 'Commands:'\n");
        var old = new BenchRunner(options, TextWriter.Null).PlanPredict("/usr/bin/dotnet", [], out var reason, out _);
        Assert.Null(old);
        Assert.Contains("has no predict command", reason);
    }
    [Fact]
    public void Plan_RunsOurWorkersWithTheWorkerExe_AndNamesItsBuild_PeersUnchanged()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh")) return;
        var exe = Path.Combine(_root, "Nnfs.Benchmarks");
        File.WriteAllText(exe, """
            #!/bin/sh
            case "$*" in
              "worker runtime") echo 'RESULT {"native_aot": true}';;
              *) exit 3;;
            esac

            """);
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new BenchOptions(["mlp", "spiral"], ["numpy"], [1], PeersDir: "/peers", Python: "/bin/sh", WorkerExe: exe);
        var (jobs, notes) = new BenchRunner(options, TextWriter.Null).Plan();
        var ours = jobs.Where(j => j.Tool == "nnfs").ToArray();
        Assert.Equal(2, ours.Length);
        Assert.All(ours, j => Assert.Equal(exe, j.FileName));
        Assert.All(ours, j => Assert.Equal(["worker"], j.Arguments.Take(1)));
        Assert.All(jobs.Where(j => j.Tool == "numpy"), j => Assert.Equal("/bin/sh", j.FileName));
        Assert.Contains(notes, n => n.Contains(exe) && n.Contains("(Native AOT)"));

        var (defaultJobs, defaultNotes) = new BenchRunner(options with { WorkerExe = null }, TextWriter.Null).Plan();
        Assert.All(defaultJobs.Where(j => j.Tool == "nnfs"), j => Assert.NotEqual(exe, j.FileName));
        Assert.DoesNotContain(defaultNotes, n => n.Contains("--worker-exe"));
    }
}
