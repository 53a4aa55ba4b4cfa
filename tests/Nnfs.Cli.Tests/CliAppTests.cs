using System.CommandLine;
using System.CommandLine.Help;
using Nnfs.Cli;
using Nnfs.Cli.Commands;

namespace Nnfs.Cli.Tests;

/// <summary>
/// The tool's handling of bad command lines: one line naming the option and the value, exit 2, no help dump and no
/// stack trace; unexpected exceptions as one line with exit 70.
/// </summary>
public class CliAppTests
{
    [Theory]
    [InlineData("train --epochs abc", "--epochs", "abc")]
    [InlineData("train --learning-rate x", "--learning-rate", "x")]
    [InlineData("train --lr x", "--learning-rate", "x")]
    [InlineData("train --epochs 99999999999", "--epochs", "99999999999")]
    [InlineData("train --threads abc", "--threads", "abc")]
    [InlineData("train --seed -1", "--seed", "-1")]
    [InlineData("train --dropout NaN", "--dropout", "NaN")]
    [InlineData("train --decay Infinity", "--decay", "Infinity")]
    [InlineData("train --samples 99999999999", "--samples", "99999999999")]
    [InlineData("train --hidden 99999999", "--hidden", "99999999")]
    [InlineData("evaluate m.model --batch-size abc", "--batch-size", "abc")]
    [InlineData("evaluate m.model --seed abc", "--seed", "abc")]
    [InlineData("predict m.model x.png --dataset cifar", "--dataset", "cifar")]
    public void AValueThatDoesNotParse_IsOneLineNamingOptionAndValue_Exit2(string commandLine, string option, string value)
    {
        var result = CliRunner.Invoke(commandLine.Split(' '));
        Assert.Equal(2, result.Code);
        CliRunner.AssertOneLineError(result, commandLine);
        Assert.Contains(option, result.Error);
        Assert.Contains(value, result.Error);
        Assert.Contains($"see 'nnfs {commandLine.Split(' ')[0]} --help'", result.Error);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("--help", "nnfs [command] [options]")]
    [InlineData("predict --help", "nnfs predict <MODEL> <FILES>... [options]")]
    [InlineData("train -h", "nnfs train [options]")]
    public void Help_NamesTheToolNnfs(string commandLine, string usage)
    {
        // The assembly is Nnfs.Cli (and the test host's is testhost): the usage line must still say nnfs.
        var result = CliRunner.Invoke(commandLine.Split(' '));
        Assert.Equal(0, result.Code);
        var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal(usage, lines[Array.IndexOf(lines, "Usage:") + 1]);
        Assert.DoesNotContain("Nnfs.Cli", result.Output);
        Assert.DoesNotContain("testhost", result.Output);
    }

    [Fact]
    public void Version_PrintsTheVersion_Exit0()
    {
        var result = CliRunner.Invoke("--version");
        Assert.Equal(0, result.Code);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Output);
        Assert.Equal("", result.Error);
    }

    [Theory]
    [InlineData("train --bogus", "'--bogus'")]
    [InlineData("train --epochs", "'--epochs'")]
    [InlineData("predict", "'predict'")]
    [InlineData("export m.model", "nothing to export")]
    [InlineData("export m.model --onnx m.onnx --name x", "--name applies to --triton")]
    [InlineData("nope", "'nope'")]
    [InlineData("book 2", "'book'")]
    public void OtherUsageErrors_AreOneLineWithoutTheHelp(string commandLine, string expected)
    {
        var result = CliRunner.Invoke(commandLine.Split(' '));
        Assert.Equal(2, result.Code);
        CliRunner.AssertOneLineError(result, commandLine);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("Usage:", result.Output + result.Error);
    }

    [Fact]
    public void GarbageInEveryOptionOfEveryCommand_IsAOneLineErrorOrAcceptedWithoutATrace()
    {
        string folder = CliRunner.TempFolder();
        // Each command with arguments that make it fail fast, or (train) stop at its first step.
        var bases = new Dictionary<string, Dictionary<string, string?>>
        {
            ["train"] = new() { ["--dataset"] = "spiral", ["--samples"] = "5", ["--epochs"] = "1", ["--hidden"] = "2",
                ["--output"] = Path.Combine(folder, "x.model") },
            ["evaluate"] = new() { [""] = Path.Combine(folder, "missing.model") },
            ["predict"] = new() { [""] = Path.Combine(folder, "missing.model") + "\n" + Path.Combine(folder, "x.png") },
            ["export"] = new() { [""] = Path.Combine(folder, "missing.model"), ["--onnx"] = Path.Combine(folder, "x.onnx"),
                ["--triton"] = Path.Combine(folder, "models"), ["--safetensors"] = Path.Combine(folder, "x.safetensors") },
            ["serve"] = new() { [""] = Path.Combine(folder, "missing.model"), ["--port"] = "0" },
        };
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var root = CliApp.CreateRoot();
        int cases = 0;
        foreach (var (name, fixedArgs) in bases)
        {
            var command = root.Subcommands.Single(c => c.Name == name);
            foreach (var option in command.Options.Where(o => o is not HelpOption))
            {
                foreach (string value in new[] { "abc", "-1", "99999999999", "" })
                {
                    var args = new List<string> { name };
                    foreach (var (key, v) in fixedArgs)
                    {
                        if (key == option.Name) continue;
                        if (key.Length > 0) args.Add(key);
                        args.AddRange(v!.Split('\n'));
                    }
                    args.Add(option.Name);
                    args.Add(value);
                    string context = string.Join(' ', args.Select(a => $"'{a}'"));
                    var result = CliRunner.Invoke(cancelled.Token, [.. args]);
                    CliRunner.AssertNoTrace(result, context);
                    Assert.True(result.Code is 0 or 1 or 2 or 130, $"{context}: exit {result.Code}: {result.Error}");
                    if (result.Code != 0) CliRunner.AssertOneLineError(result, context);
                    // A flag takes no value: the text after it is a stray argument, and the error names that.
                    if (result.Code == 2) Assert.Contains(option.ValueType == typeof(bool) ? $"'{value}'" : option.Name, result.Error);
                    cases++;
                }
            }
        }
        Assert.True(cases > 100, $"only {cases} cases");
    }

    [Fact]
    public void AnUnexpectedException_IsOneLineNamingItsType_Exit70()
    {
        using var error = new StringWriter();
        int code = CommandRunner.Report(new NullReferenceException("Object reference not set\nto an instance"), error);
        Assert.Equal(ExitCodes.Internal, code);
        Assert.Equal("internal error (NullReferenceException): Object reference not set to an instance (please report this)" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void AnExpectedException_IsOneLineWithItsMessage_Exit1()
    {
        using var error = new StringWriter();
        int code = CommandRunner.Report(new FileNotFoundException("model file 'm' does not exist"), error);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("error: model file 'm' does not exist" + Environment.NewLine, error.ToString());
    }
}
