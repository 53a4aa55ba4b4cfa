using System.Runtime.InteropServices;

namespace Nnfs.Cli.Bench;

/// <summary>
/// The <c>nnfs</c> executable whose <c>predict</c> the bench times as a whole process: the one given with
/// <c>--predict-exe</c>, else the Native AOT publish at its documented place (<see cref="AotPublishPath"/>) when one
/// exists above the working directory or this CLI, else this CLI itself.
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

    /// <summary>The portable runtime identifier of this machine, e.g. <c>linux-x64</c>.</summary>
    public static string CurrentRid =>
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
        RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    /// <summary>The command line that starts it, up to the command name.</summary>
    public string CommandLine => string.Join(' ', new[] { FileName }.Concat(Prefix));

    /// <summary>
    /// Chooses the executable: <paramref name="option"/> (a native executable or apphost, or a <c>.dll</c> run with
    /// <c>dotnet</c>), else the first <see cref="AotPublishPath"/> found in or above one of
    /// <paramref name="searchFrom"/>, else <paramref name="self"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException"><paramref name="option"/> names no file.</exception>
    public static PredictExecutable Choose(string? option, IEnumerable<string> searchFrom, (string FileName, string[] Prefix) self,
        string optionName = "--predict-exe")
    {
        if (!string.IsNullOrEmpty(option))
        {
            var full = Path.GetFullPath(option);
            if (!File.Exists(full)) throw new FileNotFoundException($"{optionName}: '{option}' does not exist", option);
            return full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? new PredictExecutable(DotnetHost(self.FileName), [full], optionName)
                : new PredictExecutable(full, [], optionName);
        }
        string relative = AotPublishPath(CurrentRid);
        foreach (var start in searchFrom)
        {
            var found = BenchData.FindUpwards(start, relative, File.Exists);
            if (found is not null) return new PredictExecutable(found, [], "the Native AOT publish's place");
        }
        return new PredictExecutable(self.FileName, self.Prefix, "this CLI (no Native AOT publish found at " + relative + ")");
    }

    private static string DotnetHost(string selfFileName) =>
        Path.GetFileNameWithoutExtension(selfFileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? selfFileName : "dotnet";

    /// <summary>
    /// The probe that asks the executable what it is: <c>bench worker runtime</c>, whose RESULT says whether it is
    /// Native AOT code (<c>native_aot</c>) and which runtime it runs on.
    /// </summary>
    public BenchJob Probe() => new("nnfs", "runtime", 1, FileName, [.. Prefix, "bench", "worker", "runtime"]);

    /// <summary>
    /// What the report says about the build, from the probe's run: "Native AOT", "ReadyToRun + JIT, …runtime…",
    /// "JIT, …runtime…", or "unknown build" when the executable cannot answer (an older build without the probe).
    /// </summary>
    public static string Describe(BenchRun probe)
    {
        if (probe.Error is not null || probe.Result is not { } r || !r.TryGetProperty("native_aot", out var aot)) return "unknown build";
        if (aot.ValueKind == System.Text.Json.JsonValueKind.True) return "Native AOT";
        bool r2r = r.TryGetProperty("ready_to_run", out var rtr) && rtr.ValueKind == System.Text.Json.JsonValueKind.True;
        return (r2r ? "ReadyToRun + JIT" : "JIT") + (probe.Text("runtime") is { } runtime ? $", {runtime}" : "");
    }
}
