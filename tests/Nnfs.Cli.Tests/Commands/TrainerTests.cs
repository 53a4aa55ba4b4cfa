using Nnfs.Cli.Commands;
using Nnfs.Models;
using Nnfs.Serialization;

namespace Nnfs.Cli.Tests.Commands;

/// <summary><c>nnfs train</c>'s run: interruption (Ctrl+C) saves the last completed epoch; a rising loss is reported.</summary>
public class TrainerTests
{
    private static TrainSettings Spiral(string? output, int epochs = 6, int? batchSize = 64) => new()
    {
        Dataset = new(DatasetKind.Spiral), Hidden = [16], LearningRate = 0.02, Epochs = epochs, BatchSize = batchSize,
        Shuffle = true, Dropout = 0.1, Validation = new(ValidationKind.Test), Output = output, PrintEvery = 100,
    };

    private static float[][] Weights(Model model) => [.. model.NamedParameters().Select(p => p.Value.Value.Span.ToArray())];

    [Theory]
    [InlineData(3, 2)]
    [InlineData(1, 0)]
    public void Interrupted_SavesTheLastCompletedEpoch_AndSaysSo(int stopEpoch, int stopStep)
    {
        string model = Path.Combine(CliRunner.TempFolder(), "interrupted.model");
        var atEpochEnd = new Dictionary<int, float[][]>();
        long iterationsAtEpochEnd = -1;
        using var stop = new CancellationTokenSource();
        void Observe(Model m)
        {
            m.EpochCompleted += (_, p) =>
            {
                atEpochEnd[p.Epoch] = Weights(m);
                iterationsAtEpochEnd = m.Optimizer!.Iterations;
            };
            m.StepCompleted += (_, p) =>
            {
                if (p.Epoch == stopEpoch && p.Step == stopStep) stop.Cancel();
            };
        }

        var e = Assert.Throws<TrainingInterruptedException>(() =>
            Trainer.Run(Spiral(model), TextWriter.Null, TextWriter.Null, false, stop.Token, Observe));

        int saved = stopEpoch - 1;
        Assert.Equal(saved, e.SavedEpoch);
        if (saved == 0)
        {
            Assert.Null(e.SavedPath);
            Assert.False(File.Exists(model));
            Assert.Equal("interrupted during epoch 1, before any epoch was completed; nothing was saved", e.Message);
            return;
        }
        Assert.Equal(model, e.SavedPath);
        Assert.Equal($"interrupted during epoch {stopEpoch} of 6; saved the model after epoch {saved} to {model}; continue with: nnfs train --resume {model}", e.Message);
        // The steps of the interrupted epoch ran (the live weights moved on), but the file holds the epoch's end.
        var loaded = ModelFile.Load(model);
        var expected = atEpochEnd[saved];
        var actual = Weights(loaded);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i]);
        Assert.Equal(iterationsAtEpochEnd, loaded.Optimizer!.Iterations);
        Assert.Equal(saved * 5, loaded.Optimizer.Iterations); // 300 samples in batches of 64: 5 steps per epoch
    }

    [Fact]
    public void InterruptedWithoutSaving_SaysNothingWasSaved()
    {
        string folder = CliRunner.TempFolder();
        using var stop = new CancellationTokenSource();
        var e = Assert.Throws<TrainingInterruptedException>(() => Trainer.Run(Spiral(null), TextWriter.Null, TextWriter.Null, false, stop.Token,
            m => m.StepCompleted += (_, p) => { if (p.Epoch == 4) stop.Cancel(); }));
        Assert.Equal("interrupted; nothing was saved (--no-save)", e.Message);
        Assert.Null(e.SavedPath);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void TheTool_ReportsAnInterruptionInOneLine_Exit130()
    {
        string model = Path.Combine(CliRunner.TempFolder(), "x.model");
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var result = CliRunner.Invoke(stop.Token, "train", "--dataset", "spiral", "--epochs", "5", "--output", model);
        Assert.Equal(130, result.Code);
        CliRunner.AssertOneLineError(result, "interrupted train");
        Assert.Equal("interrupted during epoch 1, before any epoch was completed; nothing was saved", result.Error.Trim());
        Assert.False(File.Exists(model));
    }

    [Fact]
    public void ALossThatRose_IsReportedInOneLineWithAHint()
    {
        string folder = CliRunner.TempFolder();
        var (code, output, error) = CliRunner.Invoke("train", "--dataset", "spiral", "--epochs", "30", "--optimizer", "sgd",
            "--learning-rate", "30", "--output", Path.Combine(folder, "high.model"));
        Assert.Equal(0, code);
        Assert.Contains("model saved: ", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^warning: the training loss rose from 1\.0986 \(first step\) to \d+\.\d{4} \(epoch 30\); the learning rate 30 is probably too high: try a smaller --learning-rate$", line);

        (code, _, error) = CliRunner.Invoke("train", "--dataset", "spiral", "--epochs", "30", "--output", Path.Combine(folder, "fine.model"));
        Assert.Equal(0, code);
        Assert.Equal("", error);
    }

    [Fact]
    public void TheSavedModelDescribesItsInput()
    {
        string dir = CliRunner.TempFolder();
        string spiral = Path.Combine(dir, "spiral.model");
        Trainer.Run(Spiral(spiral, epochs: 1), TextWriter.Null, TextWriter.Null, false, CancellationToken.None);
        var model = ModelFile.Load(spiral);
        Assert.Equal((Nnfs.Datasets.InputKind.Features, 2, true), (model.Input!.Kind, model.Input.Length, model.Input.IsIdentity));
        Assert.Equal(["x", "y"], model.Input.FeatureNames!);
        Assert.Null(model.ClassNames);

        string csv = Path.Combine(dir, "blobs.csv"), table = Path.Combine(dir, "blobs.model");
        File.WriteAllLines(csv, ["width,height,kind", "1,2,0", "3,4,1", "5,6,0", "7,8,1"]);
        Trainer.Run(new TrainSettings { Dataset = new(DatasetKind.Csv, csv), Hidden = [4], LearningRate = 0.01, Epochs = 2, Validation = new(ValidationKind.None), Output = table, PrintEvery = 100 },
            TextWriter.Null, TextWriter.Null, false, CancellationToken.None);
        Assert.Equal(["width", "height"], ModelFile.Load(table).Input!.FeatureNames!);
    }
}
