using Nnfs.Playground.Data;
using Nnfs.Playground.Network;
using Nnfs.Playground.Training;

namespace Nnfs.Playground.Tests.Training;

public class PlaygroundSettingsTests
{
    [Fact]
    public void TheDefaultIsTheBooksChapter10Run()
    {
        var s = PlaygroundSettings.Default;
        Assert.Empty(s.Problems());
        Assert.Equal((DataSetKind.Spiral, 100, 3, 0.0), (s.Data.Kind, s.Data.Samples, s.Data.Classes, s.Data.Noise));
        Assert.Equal([64], s.Network.Hidden.Select(l => l.Neurons));
        Assert.Equal((OptimizerKind.Adam, 0.05, 5e-7), (s.Optimizer.Kind, s.Optimizer.LearningRate, s.Optimizer.Decay));
        Assert.Equal(0u, s.Seed);
    }

    [Fact]
    public void ProblemsOfEveryPartAreCollected()
    {
        var settings = new PlaygroundSettings(new DataSetChoice(DataSetKind.Sine), new NetworkChoice([new LayerChoice()]),
            new OptimizerChoice(Decay: 2), Validation: ValidationDraw.AfterTraining, ValidationSamples: 0, ValidateAfter: -1);
        Assert.Equal(
        [
            "A Softmax output is for classification; the sine needs a Linear output.",
            "Decay must be in [0, 1], got 2.",
            "Validation data: Samples must be between 1 and 5000, got 0.",
            "The validation epoch must be >= 0, got -1.",
        ], settings.Problems());
        Assert.Equal(["The data set, the network and the optimizer must all be given."],
            new PlaygroundSettings(null!, NetworkChoice.Book, new OptimizerChoice()).Problems());
    }
}
