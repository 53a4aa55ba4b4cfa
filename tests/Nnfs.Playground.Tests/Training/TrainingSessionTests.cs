using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Playground.Data;
using Nnfs.Playground.Network;
using Nnfs.Playground.Training;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Playground.Tests.Training;

public class TrainingSessionTests
{
    private static readonly PlaygroundSettings Dropout = new(new DataSetChoice(Samples: 50), new NetworkChoice([new LayerChoice(32, Dropout: 0.2f)]),
        new OptimizerChoice());

    [Fact]
    public void ASessionTrainsTheNetworkTheBooksCodeBuildsFromTheSameSeed()
    {
        var session = new TrainingSession(PlaygroundSettings.Default);
        Assert.Equal(7, session.Advance(7));
        Assert.Equal(7, session.Epoch);

        var random = new RandomState(0);
        var (x, y) = SyntheticData.Spiral(100, 3, random);
        var model = new Model(random);
        model.Add(new Dense(2, 64, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(64, 3, random: random));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(0.05, 5e-7), new CategoricalAccuracy());
        model.Build();
        for (int i = 0; i < 7; i++)
        {
            var step = model.TrainStep(x, y);
            Assert.Equal(step.DataLoss, session.Metrics.DataLoss[i]);
            Assert.Equal(step.Accuracy, session.Metrics.Accuracy[i]);
            Assert.Equal(step.LearningRate, session.Metrics.LearningRate[i]);
        }
    }

    [Fact]
    public void AnEpochAllocatesNoMoreThanTheLibrarysStep()
    {
        var session = new TrainingSession(PlaygroundSettings.Default, capacity: 100);
        var random = new RandomState(0);
        var (x, y) = SyntheticData.Spiral(100, 3, random);
        var model = new Model(random);
        NetworkChoice.Book.AddTo(model, 2, 3, random);
        model.Set(optimizer: new Adam(0.05, 5e-7));
        model.Build();
        session.Advance(5);
        for (int i = 0; i < 5; i++) model.TrainStep(x, y);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) model.TrainStep(x, y);
        long library = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        session.Advance(50);
        long ours = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(ours <= library, $"50 epochs: the session allocated {ours} bytes, the library's steps {library}");
    }

    [Fact]
    public void DrawingBetweenChunksDoesNotChangeTraining()
    {
        var plain = new TrainingSession(Dropout);
        plain.Advance(60);
        var drawn = new TrainingSession(Dropout);
        var grid = new Matrix(400, 2);
        new RandomState(3).Randn(grid.Span);
        var outputs = new float[400 * 3];
        for (int chunk = 0; chunk < 6; chunk++)
        {
            drawn.Outputs(grid, outputs);
            drawn.Advance(10);
        }
        Assert.Equal(plain.Metrics.DataLoss.ToArray(), drawn.Metrics.DataLoss.ToArray());
        Assert.Equal(plain.Metrics.RegularizationLoss.ToArray(), drawn.Metrics.RegularizationLoss.ToArray());
    }

    [Fact]
    public void OutputsAreTheModelsPredictions()
    {
        var session = new TrainingSession(PlaygroundSettings.Default);
        session.Advance(20);
        var inputs = new Matrix(5, 2);
        new RandomState(4).Randn(inputs.Span);
        var outputs = new float[15];
        session.Outputs(inputs, outputs);
        Assert.Equal(session.Model.Predict(inputs).Span.ToArray(), outputs);
        Assert.Contains("takes 2 features", Assert.Throws<ArgumentException>(() => session.Outputs(new Matrix(5, 1), outputs)).Message);
        Assert.Contains("need 5 × 3 values, got 14", Assert.Throws<ArgumentException>(() => session.Outputs(inputs, new float[14])).Message);
    }

    [Fact]
    public void AStepThatDivergesStopsTheSessionWithTheLibrarysMessage()
    {
        var settings = new PlaygroundSettings(new DataSetChoice(DataSetKind.Sine, Samples: 100),
            new NetworkChoice([new LayerChoice(64, ActivationKind.Linear)], ActivationKind.Linear, InitScale: 1),
            new OptimizerChoice(OptimizerKind.Sgd, LearningRate: 10, Decay: 0));
        var session = new TrainingSession(settings);
        int done = session.Advance(1000);
        Assert.InRange(done, 1, 999);
        Assert.Equal(done, session.Epoch);
        Assert.NotNull(session.Failure);
        Assert.Contains("finite", session.Failure, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, session.Advance(5));
        Assert.Equal(done, session.Epoch);
    }

    [Fact]
    public void ValidationAfterTrainingContinuesTheGeneratorAndLeavesTrainingUnchanged()
    {
        var settings = Dropout with { Validation = ValidationDraw.AfterTraining, ValidationSamples = 30, ValidateAfter = 5 };
        var session = new TrainingSession(settings);
        session.Advance(4);
        Assert.Null(session.Validation);
        session.Advance(6);
        var validation = Assert.IsType<Validation>(session.Validation);
        Assert.Equal(5, validation.Epoch);

        var plain = new TrainingSession(Dropout);
        plain.Advance(10);
        Assert.Equal(plain.Metrics.DataLoss.ToArray(), session.Metrics.DataLoss.ToArray());

        // The book's order: data, network, five epochs (dropout draws), then the test data from the same generator.
        var random = new RandomState(0);
        var (x, y) = SyntheticData.Spiral(50, 3, random);
        var model = new Model(random) { Report = TrainingReport.None };
        Dropout.Network.AddTo(model, 2, 3, random);
        model.Set(optimizer: new Adam(0.05, 5e-7));
        for (int i = 0; i < 5; i++) model.TrainStep(x, y);
        var (xTest, yTest) = SyntheticData.Spiral(30, 3, random);
        var expected = model.Evaluate(xTest, yTest);
        Assert.Equal((expected.Accuracy, expected.Loss), (validation.Accuracy, validation.Loss));
    }

    [Fact]
    public void ValidationBeforeTheNetworkIsDrawnBeforeTheWeights()
    {
        var session = new TrainingSession(PlaygroundSettings.Default with { Validation = ValidationDraw.BeforeNetwork, ValidateAfter = 1 });
        var random = new RandomState(0);
        SyntheticData.Spiral(100, 3, random);
        SyntheticData.Spiral(100, 3, random);
        var weights = new Dense(2, 64, random: random).Weights;
        Assert.Equal(weights.Span.ToArray(), ((Dense)session.Model.Layers[0]).Weights.Span.ToArray());
        session.Advance(1);
        Assert.NotNull(session.Validation);
    }

    [Fact]
    public void BookArithmeticTrainsOnTheExactPath()
    {
        var exact = new TrainingSession(PlaygroundSettings.Default with { BookArithmetic = true });
        Assert.Equal(NumericPath.Exact, exact.Path);
        Assert.Equal(NumericPath.Fast, new TrainingSession(PlaygroundSettings.Default).Path);
        Assert.Equal(NumericPath.Fast, Engine.Path);
    }

    [Fact]
    public void BadSettingsAreRefusedWithEveryProblem()
    {
        var settings = new PlaygroundSettings(new DataSetChoice(Samples: 0), new NetworkChoice([new LayerChoice()]), new OptimizerChoice(LearningRate: -1));
        var e = Assert.Throws<ArgumentException>(() => new TrainingSession(settings));
        Assert.Contains("Samples must be between 1 and 5000, got 0.", e.Message);
        Assert.Contains("Learning rate must be in (0, 10], got -1.", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingSession(PlaygroundSettings.Default).Advance(-1));
    }
}
