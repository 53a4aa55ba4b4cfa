using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Models;

/// <summary><see cref="Model.TrainStep"/>, the book's loop body, and the report subscriber <see cref="Model.Train"/> attaches.</summary>
public class ModelTrainStepTests
{
    private static int[] Bits(ReadOnlySpan<float> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(values).ToArray();

    internal static Model Classifier(uint seed)
    {
        var random = new RandomState(seed);
        var model = new Model(random);
        model.Add(new Dense(2, 16, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(16, 3, random: random));
        model.Add(new Softmax());
        model.Set(loss: new CategoricalCrossEntropy(), optimizer: new Adam(0.05, 5e-5), accuracy: new CategoricalAccuracy());
        model.Build();
        return model;
    }

    [Theory]
    [InlineData(NumericPath.Fast)]
    [InlineData(NumericPath.Exact)]
    public void TrainStepIsTheBookLoopBodyBitForBit(NumericPath path)
    {
        using var _ = Engine.UsePath(path);
        var (x, y) = SyntheticData.Spiral(50, 3, new RandomState(3));
        var stepped = Classifier(5);
        var spelled = Classifier(5);
        for (int i = 0; i < 5; i++)
        {
            var result = stepped.TrainStep(x, y);

            var output = spelled.Forward(x, training: true);
            float dataLoss = spelled.Loss!.Calculate(output, y);
            double regularization = spelled.Loss.RegularizationLoss();
            double accuracy = spelled.Accuracy!.Calculate(spelled.OutputLayerActivation!.Predictions(output), y);
            spelled.Backward(output, y);
            var optimizer = spelled.Optimizer!;
            optimizer.PreUpdateParams();
            foreach (var layer in spelled.TrainableLayers) optimizer.UpdateParams(layer);
            optimizer.PostUpdateParams();

            Assert.Equal(new StepResult(dataLoss, regularization, accuracy, optimizer.CurrentLearningRate), result);
            Assert.Equal(dataLoss + regularization, result.Loss);
        }
        Assert.True(spelled.TrainableLayers.Count == 2 && stepped.Optimizer!.Iterations == 5);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                Assert.Equal(Bits(spelled.TrainableLayers[i].Parameters[j].Value.Span), Bits(stepped.TrainableLayers[i].Parameters[j].Value.Span));
    }

    [Fact]
    public void TrainStepWritesNothingAndRaisesNoEvent()
    {
        var (x, y) = SyntheticData.Spiral(20, 3, new RandomState(3));
        var model = Classifier(1);
        var output = new StringWriter();
        model.Output = output;
        int events = 0;
        model.EpochStarted += (_, _) => events++;
        model.StepCompleted += (_, _) => events++;
        model.EpochCompleted += (_, _) => events++;
        model.TrainStep(x, y);
        Assert.Equal("", output.ToString());
        Assert.Equal(0, events);
    }

    [Fact]
    public void TrainStepOutsideTrainReportsDivergenceAtEpochZeroAndTheStepCount()
    {
        var (x, y) = SyntheticData.Spiral(20, 3, new RandomState(3));
        var model = Classifier(1);
        model.TrainStep(x, y);
        model.TrainStep(x, y);
        ((Dense)model.TrainableLayers[0]).Weights[0, 1] = float.NaN;
        var before = model.GetParameters();
        var e = Assert.Throws<TrainingDivergedException>(() => model.TrainStep(x, y));
        Assert.Equal((0, 2), (e.Epoch, e.Step));
        Assert.Equal(2, model.Optimizer!.Iterations);
        var after = model.GetParameters();
        for (int i = 0; i < before.Count; i++)
            for (int j = 0; j < before[i].Length; j++) Assert.Equal(Bits(before[i][j].Span), Bits(after[i][j].Span));
    }

    [Fact]
    public void TrainStepChecksItsBatch()
    {
        var model = Classifier(1);
        var e = Assert.Throws<ArgumentException>(() => model.TrainStep(new Matrix(4, 2), new int[3]));
        Assert.Contains("TrainStep", e.Message);
        Assert.Throws<ArgumentException>(() => model.TrainStep(new Matrix(0, 2), Array.Empty<int>()));
        var unset = new Model();
        unset.Add(new Dense(2, 3, random: new RandomState(0)));
        unset.Add(new Softmax());
        Assert.Throws<InvalidOperationException>(() => unset.TrainStep(new Matrix(1, 2), new[] { 0 }));
    }

    [Fact]
    public void ReportLinesComeBeforeWhatOtherSubscribersWrite()
    {
        var (x, y) = SyntheticData.Spiral(20, 3, new RandomState(3));
        var model = Classifier(1);
        var output = new StringWriter();
        model.Output = output;
        model.EpochStarted += (_, e) => output.WriteLine($"started {e}");
        model.StepCompleted += (_, p) => output.WriteLine($"stepped {p.Step}");
        model.EpochCompleted += (_, p) => output.WriteLine($"ended {p.Epoch}");
        model.Train(x, y, epochs: 1, batchSize: 30, printEvery: 1);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')[0]).ToArray();
        Assert.Equal(["epoch: 1", "started 1", "step: 0", "stepped 0", "step: 1", "stepped 1", "training", "ended 1"], lines);

        // The report unsubscribes when training ends: a second Train writes its lines once.
        output.GetStringBuilder().Clear();
        model.Train(x, y, epochs: 1, batchSize: 60);
        Assert.Equal(1, output.ToString().Split('\n').Count(l => l.StartsWith("step: 0,", StringComparison.Ordinal)));
    }

}
