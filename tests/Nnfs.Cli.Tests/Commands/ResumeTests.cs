using System.Text.RegularExpressions;
using Nnfs.Cli.Commands;
using Nnfs.Models;
using Nnfs.Serialization;

namespace Nnfs.Cli.Tests.Commands;

/// <summary><c>nnfs train --resume</c>: an interrupted (or finished) run continued ends bit-identical to one uninterrupted run.</summary>
public class ResumeTests
{
    private static TrainSettings Settings(string output, bool batches, int epochs = 8) => new()
    {
        Dataset = new(DatasetKind.Spiral), Hidden = [16], LearningRate = 0.02, Decay = 1e-3, Epochs = epochs,
        BatchSize = batches ? 64 : null, Shuffle = batches, Dropout = batches ? 0.1 : 0, Exact = !batches,
        L2 = 5e-4, Seed = 7, Validation = new(ValidationKind.Test), Output = output, PrintEvery = 1,
    };

    private static void AssertSameFile(string expectedPath, string actualPath)
    {
        var expected = ModelFile.Load(expectedPath);
        var actual = ModelFile.Load(actualPath);
        var e = expected.NamedParameters().ToList();
        var a = actual.NamedParameters().ToList();
        Assert.Equal(e.Select(p => p.Key), a.Select(p => p.Key));
        for (int i = 0; i < e.Count; i++)
        {
            Assert.Equal(e[i].Value.Value.Span.ToArray(), a[i].Value.Value.Span.ToArray());
            Assert.Equal(e[i].Value.OptimizerState.Keys.Order(), a[i].Value.OptimizerState.Keys.Order());
            foreach (var (slot, value) in e[i].Value.OptimizerState)
                Assert.Equal(value.Span.ToArray(), a[i].Value.OptimizerState[slot].Span.ToArray());
        }
        Assert.Equal(expected.Optimizer!.Iterations, actual.Optimizer!.Iterations);
        Assert.Equal(expected.Optimizer.CurrentLearningRate, actual.Optimizer.CurrentLearningRate);
    }

    // The report lines from "epoch: N" on (step reports) or "epoch: N," (full batch), as printed.
    private static string From(string output, int epoch) =>
        output[Regex.Match(output, $@"(?m)^epoch: {epoch}\b").Index..output.IndexOf("\n\n", StringComparison.Ordinal)];

    [Theory]
    [InlineData(true, 4, 2, 3)]   // batches of 64 < 300 samples, reshuffled, dropout: interrupted in epoch 4 at step 2
    [InlineData(false, 6, 0, 6)]  // full batch on the exact path: epoch 6's only step ends the epoch; stops before 7
    public void InterruptedThenResumed_IsBitIdenticalToAnUninterruptedRun(bool batches, int stopEpoch, int stopStep, int savedEpoch)
    {
        string folder = CliRunner.TempFolder();
        string whole = Path.Combine(folder, "whole.model"), parts = Path.Combine(folder, "parts.model");
        using var wholeOutput = new StringWriter();
        Trainer.Run(Settings(whole, batches), wholeOutput, TextWriter.Null, false);

        using var stop = new CancellationTokenSource();
        var interrupted = Assert.Throws<TrainingInterruptedException>(() => Trainer.Run(Settings(parts, batches), TextWriter.Null,
            TextWriter.Null, false, stop.Token, m => m.StepCompleted += (_, p) =>
            {
                if (p.Epoch == stopEpoch && p.Step == stopStep) stop.Cancel();
            }));
        Assert.Equal(savedEpoch, interrupted.SavedEpoch);
        Assert.EndsWith($"continue with: nnfs train --resume {parts}", interrupted.Message);

        var (code, output, error) = CliRunner.Invoke("train", "--resume", parts, "--print-every", "1");
        Assert.True(code == 0, error);
        Assert.Contains($"resuming {parts}: {savedEpoch} of 8 epochs completed", output);
        Assert.Contains($"model saved: {parts}", output);
        AssertSameFile(whole, parts);
        // The resumed epochs print exactly what the uninterrupted run printed for them.
        Assert.Equal(From(wholeOutput.ToString(), savedEpoch + 1), From(output, savedEpoch + 1));
    }

    [Fact]
    public void AFinishedRun_ExtendedWithMoreEpochs_EqualsTheLongerRun()
    {
        string folder = CliRunner.TempFolder();
        string eight = Path.Combine(folder, "eight.model"), four = Path.Combine(folder, "four.model"), extended = Path.Combine(folder, "extended.model");
        Trainer.Run(Settings(eight, batches: true), TextWriter.Null, TextWriter.Null, false);
        Trainer.Run(Settings(four, batches: true, epochs: 4), TextWriter.Null, TextWriter.Null, false);
        byte[] before = File.ReadAllBytes(four);

        var (code, _, error) = CliRunner.Invoke("train", "--resume", four, "--epochs", "8", "--output", extended);
        Assert.True(code == 0, error);
        AssertSameFile(eight, extended);
        Assert.Equal(before, File.ReadAllBytes(four)); // --output elsewhere leaves the resumed file alone

        (code, _, error) = CliRunner.Invoke("train", "--resume", four);
        Assert.Equal(1, code);
        Assert.Equal($"error: --epochs: {four} has completed 4 epochs; give --epochs above 4 to train on", error.Trim());
    }

    [Fact]
    public void Resume_RefusesWhatWouldChangeTheRun()
    {
        string folder = CliRunner.TempFolder();
        string saved = Path.Combine(folder, "run.model");
        Trainer.Run(Settings(saved, batches: true, epochs: 2), TextWriter.Null, TextWriter.Null, false);

        foreach (var (args, message) in new (string[], string)[]
        {
            (["--hidden", "8"], $"error: --hidden cannot be given with --resume: the run's settings are read from {saved}"),
            (["--seed", "3"], $"error: --seed cannot be given with --resume: the run's settings are read from {saved}"),
            (["--dataset", "spiral"], $"error: --dataset cannot be given with --resume: the run's settings are read from {saved}"),
            (["--data-dir", folder], "error: --data-dir applies to fashion-mnist and mnist, not spiral"),
        })
        {
            var result = CliRunner.Invoke(["train", "--resume", saved, "--epochs", "4", .. args]);
            Assert.Equal(1, result.Code);
            CliRunner.AssertOneLineError(result, string.Join(' ', args));
            Assert.Equal(message, result.Error.Trim());
        }

        // A model file without a training record (saved by the library) cannot be resumed.
        string plain = Path.Combine(folder, "plain.model");
        ModelFile.Save(ModelFile.Load(saved), plain);
        var noRecord = CliRunner.Invoke("train", "--resume", plain, "--epochs", "4");
        Assert.Equal(1, noRecord.Code);
        Assert.Equal($"error: --resume: {plain} has no training record (it was not saved by nnfs train), so the run cannot be continued", noRecord.Error.Trim());

        var missing = CliRunner.Invoke("train", "--resume", Path.Combine(folder, "none.model"));
        Assert.Equal(1, missing.Code);
        Assert.Contains("none.model' does not exist", missing.Error);
    }

    [Fact]
    public void Resume_RefusesChangedData()
    {
        string folder = CliRunner.TempFolder();
        string csv = Path.Combine(folder, "data.csv"), saved = Path.Combine(folder, "csv.model");
        File.WriteAllLines(csv, Enumerable.Range(0, 40).Select(i => $"{i / 40.0},{1 - i / 40.0},{i % 2}"));
        var (code, _, error) = CliRunner.Invoke("train", "--dataset", csv, "--epochs", "3", "--output", saved);
        Assert.True(code == 0, error);
        File.AppendAllLines(csv, ["0.5,0.5,1"]);
        var result = CliRunner.Invoke("train", "--resume", saved, "--epochs", "5");
        Assert.Equal(1, result.Code);
        Assert.Equal($"error: --resume: the training data differ from those of the run saved in {saved} (was the data set changed?)", result.Error.Trim());
    }
}
