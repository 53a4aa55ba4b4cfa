using System.Diagnostics;

namespace Nnfs.Testing;

/// <summary>Runs a program to its end and returns what it printed (the packaging and version tests' dotnet, git, nnfs).</summary>
public static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="folder"/> (the repository when
    /// null); fails the test if it has not finished within <paramref name="minutes"/> (default 5).
    /// </summary>
    public static (int Code, string Output, string Error) Run(string program, IEnumerable<string> arguments, string? folder = null, double minutes = 5)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder ?? TestData.RepositoryRoot,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(minutes)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish within {minutes} min.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs <paramref name="program"/> as <see cref="Run"/> does and returns its output, failing the test if it
    /// exits with a code other than 0.</summary>
    public static string Output(string program, IEnumerable<string> arguments, string? folder = null, double minutes = 5)
    {
        var (code, output, error) = Run(program, arguments, folder, minutes);
        Assert.True(code == 0, $"{program} {string.Join(' ', arguments)} exited with {code}: {error}{output}");
        return output;
    }
}
