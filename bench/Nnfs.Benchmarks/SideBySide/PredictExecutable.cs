using System.Runtime.InteropServices;
using Nnfs.Benchmarks.Machine;

namespace Nnfs.Benchmarks.SideBySide;

/// <summary>
/// An executable the side-by-side runner starts as a whole process: the <c>nnfs</c> tool whose <c>predict</c> it times
/// (the one given with <c>--predict-exe</c>, else the Native AOT publish at its documented place
/// (<see cref="AotPublishPath"/>) when one exists above the working directory or this program, else the CLI's Release
/// build (<see cref="CliBuildPath"/>)), or a build of this program that runs the workers (<c>--worker-exe</c>).
/// </summary>
/// <param name="FileName">The program to start.</param>
/// <param name="Prefix">Arguments before the command (the assembly, when <paramref name="FileName"/> is <c>dotnet</c>).</param>
/// <param name="Origin">How it was chosen, for the report.</param>
internal sealed record PredictExecutable(string FileName, IReadOnlyList<string> Prefix, string Origin)
{
    /// <summary>
    /// Where <c>dotnet publish src/Nnfs.Cli -c Release -r RID -p:PublishAot=true</c> puts the executable, relative to
    /// the repository: <c>src/Nnfs.Cli/bin/Release/net10.0/RID/publish/nnfs</c> (<c>nnfs.exe</c> on Windows).
    /// </summary>
    public static string AotPublishPath(string rid) =>
        Path.Combine("src", "Nnfs.Cli", "bin", "Release", "net10.0", rid, "publish", OperatingSystem.IsWindows() ? "nnfs.exe" : "nnfs");

    /// <summary>Where <c>dotnet build src/Nnfs.Cli -c Release</c> puts the tool, relative to the repository.</summary>
    public static string CliBuildPath => Path.Combine("src", "Nnfs.Cli", "bin", "Release", "net10.0", "Nnfs.Cli.dll");

    /// <summary>The portable runtime identifier of this machine, e.g. <c>linux-x64</c>.</summary>
    public static string CurrentRid =>
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
        RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    /// <summary>The command line that starts it, up to the command name.</summary>
    public string CommandLine => string.Join(' ', new[] { FileName }.Concat(Prefix));

    /// <summary>
    /// Chooses the <c>nnfs</c> executable: <paramref name="option"/> (a native executable or apphost, or a <c>.dll</c>
    /// run with <c>dotnet</c>), else the first <see cref="AotPublishPath"/> found in or above one of
    /// <paramref name="searchFrom"/>, else the first <see cref="CliBuildPath"/> found there (run with <c>dotnet</c>),
    /// else null. <paramref name="self"/> is how this program was started: its <c>dotnet</c> host, if any, runs a <c>.dll</c>.
    /// </summary>
    /// <exception cref="FileNotFoundException"><paramref name="option"/> names no file.</exception>
    public static PredictExecutable? Choose(string? option, IEnumerable<string> searchFrom, (string FileName, string[] Prefix) self,
        string optionName = "--predict-exe")
    {
        if (!string.IsNullOrEmpty(option)) return Given(option, self, optionName);
        string relative = AotPublishPath(CurrentRid);
        var starts = searchFrom.ToArray();
        foreach (var start in starts)
        {
            var found = BenchData.FindUpwards(start, relative, File.Exists);
            if (found is not null) return new PredictExecutable(found, [], "the Native AOT publish's place");
        }
        foreach (var start in starts)
        {
            var found = BenchData.FindUpwards(start, CliBuildPath, File.Exists);
            if (found is not null)
                return new PredictExecutable(DotnetHost(self.FileName), [found], "the CLI's Release build (no Native AOT publish found at " + relative + ")");
        }
        return null;
    }

    /// <summary>The executable given with an option: a native executable or apphost, or a <c>.dll</c> run with <c>dotnet</c>.</summary>
    /// <exception cref="FileNotFoundException"><paramref name="option"/> names no file.</exception>
    public static PredictExecutable Given(string option, (string FileName, string[] Prefix) self, string optionName)
    {
        var full = Path.GetFullPath(option);
        if (!File.Exists(full)) throw new FileNotFoundException($"{optionName}: '{option}' does not exist", option);
        return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new PredictExecutable(DotnetHost(self.FileName), [full], optionName)
            : new PredictExecutable(full, [], optionName);
    }

    private static string DotnetHost(string selfFileName) =>
        Path.GetFileNameWithoutExtension(selfFileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? selfFileName : "dotnet";

    /// <summary>
    /// The probe that asks a build of this program what it is: <c>worker runtime</c>, whose RESULT says whether it is
    /// Native AOT code (<c>native_aot</c>) and which runtime it runs on.
    /// </summary>
    public BenchJob Probe() => new("nnfs", "runtime", 1, FileName, [.. Prefix, WorkerCommand.Name, "runtime"]);

    /// <summary>
    /// What the report says about a build of this program, from the probe's run: "Native AOT", "ReadyToRun + JIT,
    /// …runtime…", "JIT, …runtime…", or "unknown build" when the executable cannot answer.
    /// </summary>
    public static string Describe(BenchRun probe)
    {
        if (probe.Error is not null || probe.Result is not { } r || !r.TryGetProperty("native_aot", out var aot)) return "unknown build";
        if (aot.ValueKind == System.Text.Json.JsonValueKind.True) return "Native AOT";
        bool r2r = r.TryGetProperty("ready_to_run", out var rtr) && rtr.ValueKind == System.Text.Json.JsonValueKind.True;
        return (r2r ? "ReadyToRun + JIT" : "JIT") + (probe.Text("runtime") is { } runtime ? $", {runtime}" : "");
    }

    /// <summary>
    /// What the report says about the <c>nnfs</c> tool's build, read from its files (the tool has no command that
    /// describes itself): a <c>.dll</c>, or an apphost with <c>Nnfs.Cli.dll</c> beside it, is "ReadyToRun + JIT" when
    /// the <c>Nnfs.dll</c> beside it is ReadyToRun (<see cref="ReadyToRunImage.Is"/>), else "JIT"; an executable with
    /// no managed assembly beside it is "Native AOT".
    /// </summary>
    public string DescribeTool()
    {
        var program = Prefix.Count > 0 ? Prefix[0] : FileName;
        var dir = Path.GetDirectoryName(Path.GetFullPath(program)) ?? ".";
        bool managed = program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || File.Exists(Path.Combine(dir, "Nnfs.Cli.dll"));
        if (!managed) return "Native AOT";
        return ReadyToRunImage.Is(Path.Combine(dir, "Nnfs.dll")) ? "ReadyToRun + JIT" : "JIT";
    }
}
