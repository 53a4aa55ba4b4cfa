using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Nnfs.Tests;

/// <summary>The README's library quickstart is the example project that CI builds and runs, and its result is one a reader can trust.</summary>
public class ReadmeTests
{
    [Fact]
    public void QuickstartInReadmeIsTheExampleProgram()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Nnfs.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Nnfs.sln not found above " + AppContext.BaseDirectory);
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n");
        var program = File.ReadAllText(Path.Combine(root, "examples", "Quickstart", "Program.cs")).Replace("\r\n", "\n");
        Assert.Contains("```csharp\n" + program + "```", readme);
    }

    // The quickstart once ended on a loss spike (training accuracy 0.937 at epoch 1500, then 0.813 and validation
    // 0.693 at epoch 2000). A reader should see a run that settles: high validation accuracy and no late jump.
    [Fact]
    public void QuickstartEndsWellTrainedWithoutALateSpike()
    {
        string output = QuickstartOutput.Run();

        var epochs = Regex.Matches(output, @"^epoch: (\d+), acc: ([\d.]+), loss: [\d.]+ \(data_loss: ([\d.]+),", RegexOptions.Multiline)
            .Select(m => (Epoch: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Accuracy: Number(m.Groups[2]), DataLoss: Number(m.Groups[3])))
            .ToArray();
        var validation = Regex.Match(output, @"^validation, acc: ([\d.]+), loss: ([\d.]+)$", RegexOptions.Multiline);
        var final = Regex.Match(output, @"^final validation accuracy: ([\d.]+)$", RegexOptions.Multiline);
        Assert.True(epochs.Length >= 10 && validation.Success && final.Success, "unexpected quickstart output:\n" + output);

        double accuracy = Number(final.Groups[1]);
        Assert.Equal(Number(validation.Groups[1]), accuracy);
        Assert.True(accuracy >= 0.8, $"final validation accuracy {accuracy} < 0.8:\n{output}");
        // The last quarter of the reports: no training loss more than 10 % above the best seen before it, and no
        // accuracy more than 0.02 below the best before it.
        for (int i = epochs.Length * 3 / 4; i < epochs.Length; i++)
        {
            double bestLoss = epochs[..i].Min(e => e.DataLoss), bestAccuracy = epochs[..i].Max(e => e.Accuracy);
            Assert.True(epochs[i].DataLoss <= 1.1 * bestLoss && epochs[i].Accuracy >= bestAccuracy - 0.02,
                $"epoch {epochs[i].Epoch} spikes (data loss {epochs[i].DataLoss} vs best {bestLoss}, accuracy {epochs[i].Accuracy} vs best {bestAccuracy}):\n{output}");
        }
    }

    private static double Number(Group g) => double.Parse(g.Value, CultureInfo.InvariantCulture);
}

/// <summary>
/// Runs examples/Quickstart in-process and returns what it printed: Console.Out is routed to a buffer for this
/// asynchronous flow only, so other tests writing to the console meanwhile neither leak in nor are lost.
/// </summary>
internal static class QuickstartOutput
{
    private static readonly AsyncLocal<TextWriter?> s_capture = new();

    public static string Run()
    {
        var entry = Assembly.Load(new AssemblyName("Quickstart")).EntryPoint
            ?? throw new InvalidOperationException("Quickstart has no entry point");
        var original = Console.Out;
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        Console.SetOut(new FlowWriter(original));
        s_capture.Value = buffer;
        try
        {
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            s_capture.Value = null;
            Console.SetOut(original);
        }
        return buffer.ToString();
    }

    private sealed class FlowWriter(TextWriter fallback) : TextWriter
    {
        private TextWriter Target => s_capture.Value ?? fallback;

        public override Encoding Encoding => fallback.Encoding;

        public override void Write(char value) => Target.Write(value);

        public override void Write(char[] buffer, int index, int count) => Target.Write(buffer, index, count);

        public override void Write(string? value) => Target.Write(value);

        public override void WriteLine(string? value) => Target.WriteLine(value);
    }
}
