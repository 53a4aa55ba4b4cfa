using System.Diagnostics;

namespace Nnfs.Testing;

/// <summary>
/// Runs Python scripts that use PyTorch (Debian's <c>python3-torch</c>, which <c>.ci/run</c> installs), for the tests
/// that check files meant for PyTorch. Without <c>/usr/bin/python3</c> or its <c>torch</c> module the test is skipped
/// with the reason, which fails it under CI (<see cref="TestSkip"/>).
/// </summary>
public static class PythonTorch
{
    /// <summary>The interpreter: Debian's, where <c>python3-torch</c> installs <c>torch</c>.</summary>
    public const string Python = "/usr/bin/python3";

    private const string CiFix = "add python3-torch to the apt-get install of .ci/run.";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string?> Missing = new(FindMissing);

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/>, or skips the test when PyTorch is
    /// missing; fails the test when the script exits with an error, showing its output.</summary>
    /// <returns>What the script printed on its standard output.</returns>
    public static string Run(string script, params string[] arguments)
    {
        if (Missing.Value is { } reason) throw TestSkip.Because(reason, CiFix);
        var (code, output, error) = Execute([script, .. arguments]);
        Assert.True(code == 0, $"{Path.GetFileName(script)} exited with {code}:\n{output}\n{error}");
        return output;
    }

    private static string? FindMissing()
    {
        if (!File.Exists(Python)) return $"{Python} is not installed, so the PyTorch check cannot run.";
        var (code, _, error) = Execute(["-c", "import torch"]);
        return code == 0 ? null : $"{Python} cannot import torch ({error.Trim().Split('\n')[^1]}), so the PyTorch check cannot run.";
    }

    private static (int Code, string Output, string Error) Execute(string[] arguments)
    {
        var start = new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Python} {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
