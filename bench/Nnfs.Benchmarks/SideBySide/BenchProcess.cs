using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Nnfs.Benchmarks.SideBySide;

/// <summary>One benchmark run in its own process: ours (<c>Nnfs.Benchmarks worker …</c>) or a peer script.</summary>
/// <param name="Tool">"nnfs", "numpy" or "torch".</param>
/// <param name="Workload">"mlp", "exact", "spiral" or "inference".</param>
/// <param name="Threads">The thread count this run stands for in the report.</param>
/// <param name="FileName">Executable.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="ExpectsResult">False for a plain command (e.g. <c>nnfs predict</c>) whose figure is its process time:
/// success is then exit code 0.</param>
/// <param name="Build">What kind of build <paramref name="FileName"/> is (e.g. "Native AOT") when the report names it, or null.</param>
internal sealed record BenchJob(string Tool, string Workload, int Threads, string FileName, IReadOnlyList<string> Arguments,
    bool ExpectsResult = true, string? Build = null)
{
    /// <summary>Identity of the run (the command line): equal jobs are run once per round.</summary>
    public string Key => FileName + " " + string.Join(' ', Arguments);

    /// <summary>True for the Python peers, whose environment drops OpenBLAS's core overrides.</summary>
    public bool IsPeer => Tool != "nnfs";

    /// <summary>The command line as a user would type it.</summary>
    public string CommandLine => string.Join(' ', new[] { FileName }.Concat(Arguments).Select(Quote));

    private static string Quote(string s) => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./,=:".Contains(c)) ? s : $"'{s}'";
}

/// <summary>What one run printed: its <c>RESULT</c> object, its peak resident set size, or why it failed.</summary>
/// <param name="Job">The run.</param>
/// <param name="Result">Its RESULT object, or null.</param>
/// <param name="PeakRssKiB">Peak resident set size, KiB, or null when unknown.</param>
/// <param name="WallSeconds">Process wall time.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="StandardOutput">What the process printed on standard output.</param>
internal sealed record BenchRun(BenchJob Job, JsonElement? Result, long? PeakRssKiB, double WallSeconds, string? Error,
    string StandardOutput = "")
{
    /// <summary>A number from the RESULT object, or null.</summary>
    public double? Number(string name) =>
        Result is { } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>A string from the RESULT object, or null.</summary>
    public string? Text(string name) =>
        Result is { } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>Starts benchmark processes and reads their last <c>RESULT {json}</c> line.</summary>
internal static class BenchProcess
{
    /// <summary>GNU time, used (when present) for the exact peak RSS of a child (<c>wait4</c>'s <c>ru_maxrss</c>).</summary>
    public const string GnuTime = "/usr/bin/time";

    /// <summary>OpenBLAS overrides the peers' README says to unset for peer runs.</summary>
    public static readonly string[] PeerUnsetVariables = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"];

    /// <summary>The file name of this program's assembly.</summary>
    public const string AssemblyFile = "Nnfs.Benchmarks.dll";

    /// <summary>
    /// Where <c>dotnet publish bench/Nnfs.Benchmarks -c Release -r RID -p:PublishAot=true</c> puts this program,
    /// relative to the repository (for <c>--worker-exe</c>).
    /// </summary>
    public static string AotPublishPath(string rid) =>
        Path.Combine("bench", "Nnfs.Benchmarks", "bin", "Release", "net10.0", rid, "publish", OperatingSystem.IsWindows() ? "Nnfs.Benchmarks.exe" : "Nnfs.Benchmarks");

    /// <summary>The command that runs this program again: the apphost, or <c>dotnet Nnfs.Benchmarks.dll</c>.</summary>
    public static (string FileName, string[] Prefix) Self()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this process's executable");
        var name = Path.GetFileNameWithoutExtension(process);
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var dll = Path.Combine(AppContext.BaseDirectory, AssemblyFile);
            return (process, [dll]);
        }
        return (process, []);
    }

    /// <summary>The last line starting with <c>RESULT </c>, parsed, or null.</summary>
    public static JsonElement? ParseResult(string stdout)
    {
        string? last = null;
        foreach (var line in stdout.Split('\n'))
            if (line.StartsWith("RESULT ", StringComparison.Ordinal)) last = line[7..];
        if (last is null) return null;
        using var doc = JsonDocument.Parse(last);
        return doc.RootElement.Clone();
    }

    /// <summary>Runs <paramref name="job"/> to completion (or <paramref name="timeout"/>), measuring its peak RSS.</summary>
    public static BenchRun Run(BenchJob job, TimeSpan timeout)
    {
        bool useTime = File.Exists(GnuTime);
        string? rssFile = useTime ? Path.Combine(Path.GetTempPath(), $"nnfs-bench-rss-{Environment.ProcessId}-{Guid.NewGuid():N}.txt") : null;
        var psi = new ProcessStartInfo
        {
            FileName = useTime ? GnuTime : job.FileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (useTime)
        {
            foreach (var a in new[] { "-f", "%M", "-o", rssFile!, job.FileName }) psi.ArgumentList.Add(a);
        }
        foreach (var a in job.Arguments) psi.ArgumentList.Add(a);
        if (job.IsPeer)
            foreach (var v in PeerUnsetVariables) psi.Environment.Remove(v);

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var watch = Stopwatch.StartNew();
        long? polledRss = null;
        try
        {
            using var p = new Process { StartInfo = psi };
            p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
            p.Start();
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            while (!p.WaitForExit(useTime ? 1000 : 50))
            {
                if (!useTime) polledRss = ReadHighWaterMark(p.Id) ?? polledRss;
                if (watch.Elapsed > timeout)
                {
                    p.Kill(entireProcessTree: true);
                    p.WaitForExit();
                    return new BenchRun(job, null, null, watch.Elapsed.TotalSeconds, $"timed out after {timeout.TotalSeconds:0} s");
                }
            }
            p.WaitForExit();
            double wall = watch.Elapsed.TotalSeconds;
            long? rss = useTime ? ReadTimeRss(rssFile!) : polledRss;
            JsonElement? result;
            string? error = null;
            try { result = ParseResult(stdout.ToString()); }
            catch (JsonException ex) { result = null; error = "unreadable RESULT line: " + ex.Message; }
            if (!job.ExpectsResult)
                error = p.ExitCode == 0 ? null : $"exit code {p.ExitCode}; stderr: {Tail(stderr.ToString())}";
            else if (result is null)
                error ??= $"exit code {p.ExitCode}, no RESULT line; stderr: {Tail(stderr.ToString())}";
            return new BenchRun(job, result, rss, wall, error, stdout.ToString());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new BenchRun(job, null, null, watch.Elapsed.TotalSeconds, $"cannot start {job.FileName}: {ex.Message}");
        }
        finally
        {
            if (rssFile is not null && File.Exists(rssFile)) File.Delete(rssFile);
        }
    }

    private static long? ReadTimeRss(string path)
    {
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadAllLines(path).Reverse())
            if (long.TryParse(line.Trim(), out long kib)) return kib;
        return null;
    }

    /// <summary><c>VmHWM</c> (peak RSS, KiB) of a process from <c>/proc/pid/status</c>, or null.</summary>
    public static long? ReadHighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0]);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var message = lines.Where(l => !l.StartsWith("at ", StringComparison.Ordinal) && !l.StartsWith("File \"", StringComparison.Ordinal)).ToArray();
        return message.Length == 0 ? "(empty)" : string.Join(" | ", message.Length <= 2 ? message : [message[0], message[^1]]);
    }
}
