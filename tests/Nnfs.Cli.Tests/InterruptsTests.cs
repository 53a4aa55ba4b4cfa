using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Nnfs.Serialization;

namespace Nnfs.Cli.Tests;

/// <summary>A real SIGINT to the <c>nnfs</c> process during training: it stops, saves the last completed epoch, exits 130.</summary>
public class InterruptsTests
{
    [Fact]
    public async Task Sigint_DuringTraining_SavesTheLastCompletedEpoch()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        string tool = Path.Combine(AppContext.BaseDirectory, "Nnfs.Cli");
        Assert.True(File.Exists(tool), $"{tool} was not built beside the tests");
        string model = Path.Combine(CliRunner.TempFolder(), "sigint.model");
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "train", "--dataset", "spiral", "--hidden", "8", "--epochs", "100000000", "--print-every", "100", "--output", model })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            // Wait until training has run a few hundred epochs, then interrupt it as Ctrl+C would. The limits are
            // generous because the whole suite runs its projects in parallel on two cores; each phase says which one
            // ran out.
            var phaseLimit = TimeSpan.FromMinutes(3);
            string? line, last = null;
            using (var limit = new CancellationTokenSource(phaseLimit))
            {
                try
                {
                    while ((line = await process.StandardOutput.ReadLineAsync(limit.Token)) is not null && !line.StartsWith("epoch: 300,", StringComparison.Ordinal))
                        last = line;
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"no 'epoch: 300,' line within {phaseLimit} (last line: '{last}', exited: {process.HasExited})");
                    throw;
                }
            }
            Assert.NotNull(line);
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
                kill.WaitForExit();
            string rest;
            using (var limit = new CancellationTokenSource(phaseLimit))
            {
                try
                {
                    rest = await process.StandardOutput.ReadToEndAsync(limit.Token);
                    await process.WaitForExitAsync(limit.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"the process did not end within {phaseLimit} of SIGINT (exited: {process.HasExited})");
                    throw;
                }
            }
            string error = await stderr;
            Assert.Equal(130, process.ExitCode);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var message = Assert.Single(lines);
            var match = Regex.Match(message,
                @"^interrupted during epoch (\d+) of 100000000; saved the model after epoch (\d+) to (.+); continue with: nnfs train --resume (.+)$");
            Assert.True(match.Success, message);
            Assert.Equal(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) - 1, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
            Assert.True(int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) >= 300);
            Assert.Equal(model, match.Groups[3].Value);
            Assert.DoesNotContain("model saved", rest);
            Assert.True(File.Exists(model));
            // Full batch: one step per epoch.
            Assert.Equal(long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), ModelFile.Load(model).Optimizer!.Iterations);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }
}
