using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Nnfs.Serialization;

namespace Nnfs.Cli.Tests;

/// <summary>
/// The instruction-set tier chosen at start-up, in real <c>nnfs</c> processes: the runtime's
/// <c>DOTNET_EnableAVX512=0</c> and our <c>NNFS_ISA</c> change the tier the tool reports, and training gives the same
/// model (to the bit where the tiers compute alike, and closely where they do not).
/// </summary>
public class TierProcessTests
{
    private static (int Code, string Output, string Error, string Model) Train(params (string Name, string? Value)[] environment)
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "Nnfs.Cli");
        Assert.True(File.Exists(tool), $"{tool} was not built beside the tests");
        string model = Path.Combine(CliRunner.TempFolder(), "tier.model");
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "train", "--dataset", "spiral", "--hidden", "16", "--epochs", "40", "--print-every", "40", "--threads", "1", "--output", model })
            start.ArgumentList.Add(a);
        start.Environment.Remove("NNFS_ISA");
        start.Environment.Remove("DOTNET_EnableAVX512");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "nnfs train did not finish in two minutes");
        return (process.ExitCode, output, error.Result, model);
    }

    private static string Tier(string output) => Regex.Match(output, @"^training: .*, (\w+) kernels$", RegexOptions.Multiline).Groups[1].Value;

    private static double ValidationLoss(string output) =>
        double.Parse(Regex.Match(output, @"validation, acc: [\d.]+, loss: ([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);

    private static float[] Weights(string model) =>
        ModelFile.Load(model).NamedParameters().SelectMany(p => p.Value.Value.Span.ToArray()).ToArray();

    [Fact]
    public void TheRuntimesAndOurSwitchesChooseTheTierAndTrainingAgrees()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var detected = Train();
        Assert.True(detected.Code == 0, detected.Error);
        Assert.Equal(Engine.HardwareTier.ToString(), Tier(detected.Output));

        var noAvx512 = Train(("DOTNET_EnableAVX512", "0"));
        Assert.True(noAvx512.Code == 0, noAvx512.Error);
        string expected = Engine.HardwareTier == IsaTier.Vector512 ? nameof(IsaTier.Vector256) : Engine.HardwareTier.ToString();
        Assert.Equal(expected, Tier(noAvx512.Output));
        // 512 and 256 bits run the spiral's products in the same 256-bit loops and everything else lane by lane alike.
        Assert.Equal(Weights(detected.Model), Weights(noAvx512.Model));

        var scalar = Train(("NNFS_ISA", "scalar"));
        Assert.True(scalar.Code == 0, scalar.Error);
        Assert.Equal(nameof(IsaTier.Scalar), Tier(scalar.Output));
        // The scalar tier runs the small products in the packed kernel (another order of additions): close, not equal.
        Assert.InRange(ValidationLoss(scalar.Output), ValidationLoss(detected.Output) - 0.01, ValidationLoss(detected.Output) + 0.01);

        var unfused = Train(("NNFS_ISA", "v128-unfused"));
        Assert.True(unfused.Code == 0, unfused.Error);
        Assert.Equal(nameof(IsaTier.Vector128Unfused), Tier(unfused.Output));
        // The browser's tier rounds every product: close, not equal.
        Assert.NotEqual(Weights(detected.Model), Weights(unfused.Model));
        Assert.InRange(ValidationLoss(unfused.Output), ValidationLoss(detected.Output) - 0.01, ValidationLoss(detected.Output) + 0.01);
    }

    [Fact]
    public void AnUnknownNnfsIsaIsAOneLineErrorNamingIt()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var result = Train(("NNFS_ISA", "avx1024"));
        Assert.NotEqual(0, result.Code);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("'avx1024'", Assert.Single(lines));
    }
}
