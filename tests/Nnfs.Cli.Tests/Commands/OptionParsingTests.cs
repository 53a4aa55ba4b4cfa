using System.CommandLine;
using Nnfs.Cli.Commands;

namespace Nnfs.Cli.Tests.Commands;

/// <summary><c>nnfs train</c> option parsing, defaults and error messages.</summary>
public class OptionParsingTests
{
    private static TrainSettings Resolve(params string[] args)
    {
        var options = new TrainCommand.Options();
        var command = new Command("train");
        foreach (var option in options.All) command.Add(option);
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        return TrainCommand.Resolve(parse, options);
    }

    [Theory]
    [InlineData("128,128", new[] { 128, 128 })]
    [InlineData(" 64 , 32 ", new[] { 64, 32 })]
    [InlineData("7", new[] { 7 })]
    [InlineData("none", new int[0])]
    public void HiddenSizes_Parses(string text, int[] expected) => Assert.Equal(expected, OptionParsers.HiddenSizes(text));

    [Theory]
    [InlineData("12,x")]
    [InlineData("12,,3")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("65537")]
    [InlineData("99999999999")]
    public void HiddenSizes_RejectsWithMessage(string text)
    {
        var e = Assert.Throws<FormatException>(() => OptionParsers.HiddenSizes(text));
        Assert.Equal($"--hidden: expected comma-separated sizes from 1 to 65536, or 'none', got '{text}'", e.Message);
    }

    [Fact]
    public void Validation_Parses()
    {
        Assert.Equal(ValidationKind.Test, OptionParsers.Validation("test").Kind);
        Assert.Equal(ValidationKind.None, OptionParsers.Validation("NONE").Kind);
        Assert.Equal(new ValidationChoice(ValidationKind.Fraction, 0.25), OptionParsers.Validation("0.25"));
        foreach (string bad in new[] { "0", "1", "1.5", "half", "" })
            Assert.Contains("--validation: expected 'test', 'none' or a fraction", Assert.Throws<FormatException>(() => OptionParsers.Validation(bad)).Message);
    }

    [Fact]
    public void NoOptions_IsTheBooksFashionMnistModel()
    {
        var s = Resolve();
        Assert.Equal(DatasetKind.FashionMnist, s.Dataset.Kind);
        Assert.Equal([128, 128], s.Hidden);
        Assert.Equal(HiddenActivation.Relu, s.Activation);
        Assert.Equal(OptimizerKind.Adam, s.Optimizer);
        Assert.Equal(0.001, s.LearningRate);
        Assert.Equal(1e-3, s.Decay);
        Assert.Equal(128, s.BatchSize);
        Assert.Equal(10, s.Epochs);
        Assert.Equal(ValidationKind.Test, s.Validation.Kind);
        Assert.Equal(0u, s.Seed);
        Assert.False(s.Shuffle);
        Assert.False(s.Exact);
        Assert.Equal("fashion_mnist.model", s.Output);
        Assert.Equal(100, s.PrintEvery);
    }

    [Fact]
    public void ExplicitOptions_OverrideTheDefaults()
    {
        var s = Resolve("--dataset", "spiral", "--hidden", "32,16", "--activation", "sigmoid", "--optimizer", "sgd",
            "--learning-rate", "0.5", "--momentum", "0.9", "--decay", "1e-4", "--l2", "5e-4", "--dropout", "0.1",
            "--epochs", "7", "--batch-size", "32", "--seed", "42", "--threads", "1", "--exact", "--shuffle",
            "--validation", "0.1", "--output", "x.model", "--plot", "p", "--print-every", "3");
        Assert.Equal(DatasetKind.Spiral, s.Dataset.Kind);
        Assert.Equal([32, 16], s.Hidden);
        Assert.Equal(HiddenActivation.Sigmoid, s.Activation);
        Assert.Equal(OptimizerKind.Sgd, s.Optimizer);
        Assert.Equal((0.5, 0.9, 1e-4, 5e-4, 0.1), (s.LearningRate, s.Momentum, s.Decay, s.L2, s.Dropout));
        Assert.Equal((7, 32, 42u, 1), (s.Epochs, s.BatchSize!.Value, s.Seed, s.Threads!.Value));
        Assert.True(s.Exact && s.Shuffle);
        Assert.Equal(new ValidationChoice(ValidationKind.Fraction, 0.1), s.Validation);
        Assert.Equal(("x.model", "p", 3), (s.Output, s.PlotPrefix, s.PrintEvery));
    }

    [Fact]
    public void DatasetDefaults_DependOnTheDataSet()
    {
        var spiral = Resolve("--dataset", "spiral");
        Assert.Equal("spiral.model", spiral.Output);
        Assert.Null(spiral.BatchSize);
        Assert.Equal([64], spiral.Hidden);
        Assert.Equal(1.0, Resolve("--dataset", "spiral", "--optimizer", "sgd").LearningRate);
        Assert.Equal(0.001, Resolve("--dataset", "spiral", "--optimizer", "rmsprop").LearningRate);
        Assert.Null(Resolve("--batch-size", "none").BatchSize);
        Assert.Equal("mnist.model", Resolve("--dataset", "MNIST").Output);
    }

    [Theory]
    [InlineData("--hidden 12,x", "--hidden: expected comma-separated sizes from 1 to 65536, or 'none', got '12,x'")]
    [InlineData("--dataset cifar", "--dataset: expected fashion-mnist, mnist, spiral, vertical, sine or a path to a CSV file, got 'cifar'")]
    [InlineData("--dataset missing.csv", "--dataset: CSV file 'missing.csv' does not exist")]
    [InlineData("--optimizer adamw", "--optimizer: expected sgd, adagrad, rmsprop, adam, got 'adamw'")]
    [InlineData("--activation tanh", "--activation: expected relu, sigmoid, got 'tanh'")]
    [InlineData("--epochs 0", "--epochs: expected a whole number >= 1, got '0'")]
    [InlineData("--learning-rate 0", "--learning-rate: expected a number > 0, got '0'")]
    [InlineData("--dropout 1", "--dropout: expected a number in [0, 1), got '1'")]
    [InlineData("--batch-size 0", "--batch-size: expected a positive integer or 'none', got '0'")]
    [InlineData("--validation 2", "--validation: expected 'test', 'none' or a fraction between 0 and 1 (exclusive), got '2'")]
    [InlineData("--threads 0", "--threads: expected a whole number from 1 to 1024, got '0'")]
    public void BadValues_FailWithAClearMessage(string args, string message)
    {
        var (code, output, error) = CliRunner.Invoke(["train", .. args.Split(' ')]);
        Assert.NotEqual(0, code);
        Assert.Contains(message, error);
        Assert.DoesNotContain("data: ", output);
    }

    [Theory]
    [InlineData("--momentum 0.9", "--momentum applies to --optimizer sgd only, not adam")]
    [InlineData("--dataset spiral --data-dir /tmp", "--data-dir applies to fashion-mnist and mnist, not spiral")]
    [InlineData("--samples 10", "--samples and --classes apply to spiral and vertical, not fashion-mnist")]
    public void IncompatibleOptions_FailWithAClearMessage(string args, string message)
    {
        var (code, _, error) = CliRunner.Invoke(["train", .. args.Split(' ')]);
        Assert.Equal(1, code);
        Assert.Equal($"error: {message}", error.Trim());
    }

    [Fact]
    public void EveryCommandHasHelp()
    {
        foreach (string command in new[] { "train", "evaluate", "predict" })
        {
            var (code, output, _) = CliRunner.Invoke(command, "--help");
            Assert.Equal(0, code);
            Assert.Contains("Usage:", output);
        }
        Assert.Contains("--validation", CliRunner.Invoke("train", "--help").Output);
        Assert.Contains("--no-invert", CliRunner.Invoke("predict", "--help").Output);
    }
}
