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

public class ModelTests
{
    private static Model Classifier(RandomState random, Optimizer? optimizer = null, int hidden = 16, float dropout = 0)
    {
        var model = new Model(random);
        model.Add(new Dense(2, hidden, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f, random: random));
        model.Add(new ReLU());
        if (dropout > 0) model.Add(new Dropout(dropout, random));
        model.Add(new Dense(hidden, 3, random: random));
        model.Add(new Softmax());
        model.Set(loss: new CategoricalCrossEntropy(), optimizer: optimizer ?? new Adam(0.05, 5e-5), accuracy: new CategoricalAccuracy());
        model.Build();
        return model;
    }

    private static string[] Lines(StringWriter w) => w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    // Build moves every trainable parameter into the model's store, in order, keeping its values; a second Build
    // moves them into a new store with the values they have then.
    [Fact]
    public void BuildMovesTheParametersIntoOneStore()
    {
        var model = Classifier(new RandomState(0));
        var parameters = model.NamedParameters().Select(p => p.Value).ToArray();
        Assert.Equal(4, parameters.Length);
        var store = model.Store!;
        for (int i = 0; i < parameters.Length; i++)
        {
            Assert.Same(store.Values, parameters[i].Value.Buffer);
            Assert.Same(store.Gradients, parameters[i].Gradient.Buffer);
            Assert.Equal(store.Offsets[i], parameters[i].Value.Offset);
        }
        var weights = parameters[0].Value.Span.ToArray();
        Assert.Contains(weights, w => w != 0);
        model.Build();
        Assert.NotSame(store, model.Store);
        Assert.Same(model.Store!.Values, parameters[0].Value.Buffer);
        Assert.Equal(weights, parameters[0].Value.Span.ToArray());
    }

    [Fact]
    public void TrainStepPutsTheOptimizerSlotsIntoTheStoreWithZeroGaps()
    {
        var model = Classifier(new RandomState(0));
        var x = new Matrix(4, 2, [0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.8f]);
        var y = Targets.FromClasses([0, 1, 2, 1]);
        model.TrainStep(x, y);
        model.TrainStep(x, y);
        var store = model.Store!;
        var covered = new bool[store.Values.Length];
        foreach (var (i, p) in model.NamedParameters().Select((p, i) => (i, p.Value)))
        {
            foreach (var (slot, array) in new[] { (OptimizerState.MomentumSlot, store.Momentums!), (OptimizerState.CacheSlot, store.Caches!) })
            {
                var m = p.OptimizerState[slot];
                Assert.Same(array, m.Buffer);
                Assert.Equal(store.Offsets[i], m.Offset);
                Assert.Contains(m.Span.ToArray(), v => v != 0);
            }
            covered.AsSpan(store.Offsets[i], p.Value.Length).Fill(true);
        }
        for (int k = 0; k < covered.Length; k++)
            if (!covered[k]) Assert.True(store.Momentums![k] == 0 && store.Caches![k] == 0 && store.Values[k] == 0, $"gap {k}");
    }

    [Fact]
    public void BuildFindsTrainableLayersOutputActivationAndFusedSoftmaxLoss()
    {
        var model = Classifier(new RandomState(1));
        Assert.Equal(4, model.Layers.Count);
        Assert.Equal(2, model.TrainableLayers.Count);
        Assert.Same(model.Layers[0], model.TrainableLayers[0]);
        Assert.Same(model.Layers[3], model.OutputLayerActivation);
        Assert.NotNull(model.SoftmaxClassifierOutput);
        Assert.NotNull(model.InputLayer);
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"], model.NamedParameters().Select(p => p.Key));

        var binary = new Model();
        binary.Add(new Dense(2, 1, random: new RandomState(0)));
        binary.Add(new Sigmoid());
        binary.Set(loss: new BinaryCrossEntropy());
        binary.Build();
        Assert.Null(binary.SoftmaxClassifierOutput);
    }

    [Fact]
    public void TrainThenEvaluatePrintsTheLastValidationLineAgain()
    {
        var random = new RandomState(7);
        var (x, y) = SyntheticData.Spiral(100, 3, random);
        var (xv, yv) = SyntheticData.Spiral(50, 3, random);
        var model = Classifier(random);
        var output = new StringWriter();
        model.Output = output;
        var history = model.Train(x, y, epochs: 4, batchSize: 64, printEvery: 2, validationData: (xv, yv));
        var lines = Lines(output);
        // Per epoch: "epoch: N", steps 0, 2, 4 (last), "training, …", "validation, …".
        Assert.Equal(4 * 6, lines.Length);
        Assert.Equal("epoch: 1", lines[0]);
        Assert.StartsWith("step: 0, acc: ", lines[1]);
        Assert.StartsWith("step: 2, acc: ", lines[2]);
        Assert.StartsWith("step: 4, acc: ", lines[3]);
        Assert.Matches(@"^training, acc: \d\.\d{3}, loss: \d\.\d{3} \(data_loss: \d\.\d{3}, reg_loss: \d\.\d{3}\), lr: 0\.04\d+$", lines[4]);
        Assert.Matches(@"^validation, acc: \d\.\d{3}, loss: \d\.\d{3}$", lines[5]);
        Assert.Equal(5, history.StepsPerEpoch);
        Assert.Equal(4, history.Epochs.Count);

        var again = new StringWriter();
        model.Output = again;
        var evaluation = model.Evaluate(xv, yv, batchSize: 64);
        Assert.Equal(lines[^1], Lines(again).Single());
        Assert.Equal(history.Last.ValidationAccuracy, evaluation.Accuracy);
        Assert.Equal(history.Last.ValidationLoss, evaluation.Loss);
        Assert.Equal(0.05 / (1 + 5e-5 * 19), history.Last.LearningRate);
    }

    [Fact]
    public void LossGoesDownOnSpiralData()
    {
        var random = new RandomState(3);
        var (x, y) = SyntheticData.Spiral(100, 3, random);
        var model = Classifier(random, hidden: 32);
        model.Report = TrainingReport.None;
        var history = model.Train(x, y, epochs: 200);
        Assert.True(history.Last.DataLoss < 0.8 * history.Epochs[0].DataLoss, $"{history.Epochs[0].DataLoss} -> {history.Last.DataLoss}");
        Assert.True(history.Last.Accuracy > 0.5);
    }

    [Fact]
    public void BatchesAreTheBooks_469StepsFor60000By128WithA96SampleLastBatch()
    {
        Assert.Equal(469, Model.StepCount(60000, 128));
        Assert.Equal(79, Model.StepCount(10000, 128));
        Assert.Equal(1, Model.StepCount(60000, null));
        Assert.Equal(1, Model.StepCount(10, 128));
        Assert.Equal(2, Model.StepCount(256, 128));

        var x = new Matrix(60000, 1);
        var y = new int[60000];
        for (int i = 0; i < y.Length; i++) { x[i, 0] = i % 2; y[i] = i % 2; }
        var model = new Model();
        model.Add(new Dense(1, 2, random: new RandomState(0)));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Sgd(), new CategoricalAccuracy());
        model.Report = TrainingReport.None;
        var sizes = new List<int>();
        model.StepCompleted += (_, p) => sizes.Add(p.Samples);
        var history = model.Train(x, y, epochs: 1, batchSize: 128);
        Assert.Equal(469, history.StepsPerEpoch);
        Assert.Equal(469, sizes.Count);
        Assert.All(sizes.Take(468), s => Assert.Equal(128, s));
        Assert.Equal(96, sizes[^1]);
    }

    [Fact]
    public void StepReportPrintsEveryNthAndTheLastStepWithExactLearningRates()
    {
        var x = new Matrix(1000, 1);
        var y = new int[1000];
        for (int i = 0; i < y.Length; i++) { x[i, 0] = i % 2; y[i] = i % 2; }
        var model = new Model();
        model.Add(new Dense(1, 2, random: new RandomState(0)));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(decay: 1e-3), new CategoricalAccuracy());
        var output = new StringWriter();
        model.Output = output;
        model.Train(x, y, epochs: 1, batchSize: 4, printEvery: 100);
        var steps = Lines(output).Where(l => l.StartsWith("step: ")).ToArray();
        Assert.Equal(["0", "100", "200", "249"], steps.Select(l => l.Split(',')[0][6..]));
        // Chapter 19 as NumPy prints it: the lr strings of decay 1e-3 are Python reprs of 0.001/(1+0.001·k).
        Assert.EndsWith("lr: 0.001", steps[0]);
        Assert.EndsWith("lr: 0.0009090909090909091", steps[1]);
        Assert.EndsWith("lr: 0.0008333333333333334", steps[2]);
    }

    [Fact]
    public void Chapter18ReportPrintsEpochLinesAndOneValidationLine()
    {
        var random = new RandomState(5);
        var (x, y) = SyntheticData.Spiral(50, 3, random);
        var model = Classifier(random);
        model.Report = TrainingReport.Epochs;
        var output = new StringWriter();
        model.Output = output;
        var history = model.Train(x, y, epochs: 30, printEvery: 10, validationData: (x, y));
        var lines = Lines(output);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^epoch: 10, acc: \d\.\d{3}, loss: \d\.\d{3} \(data_loss: \d\.\d{3}, reg_loss: \d\.\d{3}\), lr: 0\.0499", lines[0]);
        Assert.StartsWith("epoch: 30, ", lines[2]);
        Assert.StartsWith("validation, acc: ", lines[3]);
        Assert.Null(history.Epochs[0].ValidationLoss);
        Assert.NotNull(history.Last.ValidationLoss);
    }

    [Fact]
    public void PredictInBatchesEqualsOneShot()
    {
        var random = new RandomState(11);
        var (x, _) = SyntheticData.Spiral(70, 3, random);
        var model = Classifier(random);
        using var _ = Engine.UsePath(NumericPath.Exact);
        var whole = model.Predict(x);
        var batched = model.Predict(x, batchSize: 32);
        Assert.Equal((210, 3), (batched.Rows, batched.Columns));
        Assert.Equal(whole.Span.ToArray(), batched.Span.ToArray());
        var ids = model.OutputLayerActivation!.Predictions(batched);
        Assert.Equal(210, ids.Rows);
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceAndRestoresTheBestWeights()
    {
        var random = new RandomState(2);
        var (x, y) = SyntheticData.Spiral(50, 3, random);
        var model = Classifier(random);
        model.Report = TrainingReport.None;
        IReadOnlyList<Matrix[]>? afterFirst = null;
        model.EpochCompleted += (_, p) => { if (p.Epoch == 1) afterFirst = model.GetParameters(); };
        // A huge min delta: no epoch after the first counts as an improvement.
        var history = model.Train(x, y, epochs: 50, validationData: (x, y),
            options: new TrainingOptions { EarlyStopping = new EarlyStopping(EarlyStoppingMetric.ValidationLoss, patience: 3, minDelta: 1e9, restoreBestWeights: true) });
        Assert.True(history.StoppedEarly);
        Assert.Equal(4, history.Epochs.Count);
        Assert.Equal(1, history.BestEpoch);
        var now = model.GetParameters();
        for (int i = 0; i < now.Count; i++)
            for (int j = 0; j < now[i].Length; j++) Assert.Equal(afterFirst![i][j].Span.ToArray(), now[i][j].Span.ToArray());
    }

    [Fact]
    public void EarlyStoppingKeepsGoingWhileImproving()
    {
        var random = new RandomState(2);
        var (x, y) = SyntheticData.Spiral(50, 3, random);
        var model = Classifier(random);
        model.Report = TrainingReport.None;
        var history = model.Train(x, y, epochs: 20,
            options: new TrainingOptions { EarlyStopping = new EarlyStopping(EarlyStoppingMetric.Loss, patience: 5) });
        Assert.False(history.StoppedEarly);
        Assert.Equal(20, history.Epochs.Count);
        Assert.Throws<ArgumentException>(() => model.Train(x, y, options: new TrainingOptions { EarlyStopping = new EarlyStopping() }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(patience: 0));
    }

    [Fact]
    public void CancellationStopsBeforeTheNextStep()
    {
        var random = new RandomState(4);
        var (x, y) = SyntheticData.Spiral(100, 3, random);
        var model = Classifier(random);
        model.Report = TrainingReport.None;
        using var cts = new CancellationTokenSource();
        int steps = 0;
        model.StepCompleted += (_, p) => { steps++; if (p.Step == 3) cts.Cancel(); };
        Assert.ThrowsAny<OperationCanceledException>(() => model.Train(x, y, epochs: 5, batchSize: 10, cancellationToken: cts.Token));
        Assert.Equal(4, steps);
    }

    [Fact]
    public void DivergenceIsReportedWithEpochAndStep()
    {
        var random = new RandomState(4);
        var (x, y) = SyntheticData.Spiral(100, 3, random);
        var model = Classifier(random, new Sgd(1e30));
        model.Report = TrainingReport.None;
        var e = Assert.Throws<TrainingDivergedException>(() => model.Train(x, y, epochs: 100, batchSize: 100));
        Assert.Contains($"epoch {e.Epoch}, step {e.Step}", e.Message);
        Assert.True(e.Epoch >= 1 && e.Step is >= 0 and < 3);

        // A NaN weight makes the first step's outputs NaN (NaN data is refused before training: NonFiniteDataExceptionTests).
        var fresh = Classifier(new RandomState(1));
        fresh.Report = TrainingReport.None;
        ((Dense)fresh.TrainableLayers[0]).Weights[0, 1] = float.NaN;
        var nan = Assert.Throws<TrainingDivergedException>(() => fresh.Train(x, y, epochs: 3, batchSize: 100));
        Assert.Equal((1, 0), (nan.Epoch, nan.Step));
    }

    [Fact]
    public void ShuffleIsSeededAndChangesTheBatches()
    {
        History Run(bool shuffle, uint seed)
        {
            var random = new RandomState(seed);
            var (x, y) = SyntheticData.Spiral(60, 3, new RandomState(9));
            var model = Classifier(random);
            model.Report = TrainingReport.None;
            return model.Train(x, y, epochs: 3, batchSize: 32, options: new TrainingOptions { Shuffle = shuffle });
        }
        var a = Run(true, 1);
        var b = Run(true, 1);
        var plain = Run(false, 1);
        Assert.Equal(a.Epochs, b.Epochs);
        Assert.NotEqual(a.Last.DataLoss, plain.Last.DataLoss);
    }

    [Fact]
    public void SetParametersChecksEverythingBeforeChangingAnything()
    {
        var model = Classifier(new RandomState(1));
        var before = model.GetParameters();
        var bad = model.GetParameters().Select(a => a.Select(m => m.Clone()).ToArray()).ToList();
        bad[0][0].Span.Fill(42);
        bad[1][1] = new Matrix(1, 4);
        var e = Assert.Throws<ArgumentException>(() => model.SetParameters(bad));
        Assert.Contains("trainable layer 1 (Dense) parameter 'bias' is (1, 3), got (1, 4)", e.Message);
        Assert.Equal(before[0][0].Span.ToArray(), model.TrainableLayers[0].Parameters[0].Value.Span.ToArray());
        Assert.Throws<ArgumentException>(() => model.SetParameters(bad.Take(1).ToList()));
    }

    [Fact]
    public void ParametersMoveToAnIdenticalModelWithoutOptimizer()
    {
        var random = new RandomState(8);
        var (x, y) = SyntheticData.Spiral(60, 3, random);
        var trained = Classifier(random);
        trained.Report = TrainingReport.None;
        trained.Train(x, y, epochs: 10, batchSize: 50);
        var expected = trained.Evaluate(x, y);

        var copy = new Model();
        copy.Add(new Dense(2, 16, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f, random: new RandomState(0)));
        copy.Add(new ReLU());
        copy.Add(new Dense(16, 3, random: new RandomState(0)));
        copy.Add(new Softmax());
        copy.Set(loss: new CategoricalCrossEntropy(), accuracy: new CategoricalAccuracy());
        copy.Build();
        copy.SetParameters(trained.GetParameters());
        copy.Report = TrainingReport.None;
        Assert.Equal(expected, copy.Evaluate(x, y));
        Assert.Throws<InvalidOperationException>(() => copy.Train(x, y));
    }

    [Fact]
    public void BadInputIsRefusedWithClearMessages()
    {
        var model = Classifier(new RandomState(1));
        var x = new Matrix(10, 2);
        Assert.Contains("X (10, 2) has 10 samples but y has 9 targets", Assert.Throws<ArgumentException>(() => model.Train(x, new int[9])).Message);
        Assert.Contains("batch size must be >= 1, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => model.Train(x, new int[10], batchSize: 0)).Message);
        Assert.Contains("epochs must be >= 1", Assert.Throws<ArgumentOutOfRangeException>(() => model.Train(x, new int[10], epochs: 0)).Message);
        Assert.Contains("features", Assert.Throws<ArgumentException>(() => model.Train(x, new int[10], validationData: (new Matrix(3, 5), new int[3]))).Message);

        var noActivation = new Model();
        noActivation.Add(new Dense(2, 3, random: new RandomState(0)));
        noActivation.Set(new CategoricalCrossEntropy(), new Sgd(), new CategoricalAccuracy());
        Assert.Contains("not an output activation", Assert.Throws<InvalidOperationException>(() => noActivation.Train(x, new int[10])).Message);
        Assert.Contains("no layers", Assert.Throws<InvalidOperationException>(() => new Model().Build()).Message);
        var layer = new ReLU();
        var twice = new Model();
        twice.Add(layer);
        Assert.Throws<ArgumentException>(() => twice.Add(layer));
    }

    [Fact]
    public void FashionMnistStyleDataTrainsWithIntLabelsAndBatches()
    {
        // The book's chapter 19 shapes, scaled down: float32 pixels in [-1, 1], int labels, 3 layers, batches.
        var random = new RandomState(19);
        int n = 300, features = 64;
        var x = new Matrix(n, features);
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 10;
            for (int j = 0; j < features; j++) x[i, j] = (float)((j % 10 == y[i] ? 1.0 : 0.0) + 0.3 * random.NextDouble() - 0.5);
        }
        var model = new Model(random);
        model.Add(new Dense(features, 32, random: random)); model.Add(new ReLU());
        model.Add(new Dense(32, 32, random: random)); model.Add(new ReLU());
        model.Add(new Dense(32, 10, random: random)); model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(0.01, 1e-3), new CategoricalAccuracy());
        model.Report = TrainingReport.None;
        var history = model.Train(x, y, epochs: 20, batchSize: 128, validationData: (x, y));
        Assert.Equal(3, history.StepsPerEpoch);
        Assert.True(history.Last.ValidationAccuracy > 0.9, $"accuracy {history.Last.ValidationAccuracy}");
        var confidences = model.Predict(x, batchSize: 128);
        Assert.Equal((300, 10), (confidences.Rows, confidences.Columns));
    }

    [Fact]
    public void RegressionWithLinearOutputAndRegressionAccuracyTrains()
    {
        // Chapter 18's regression setup (sine data, Linear output, MSE, regression accuracy), shortened.
        var random = new RandomState(0);
        var (x, y) = SyntheticData.Sine(200);
        var model = new Model(random);
        model.Add(new Dense(1, 64, random: random, initScale: 0.1f)); model.Add(new ReLU());
        model.Add(new Dense(64, 64, random: random, initScale: 0.1f)); model.Add(new ReLU());
        model.Add(new Dense(64, 1, random: random, initScale: 0.1f)); model.Add(new Linear());
        model.Set(new MeanSquaredError(), new Adam(0.005, 1e-3), new RegressionAccuracy());
        model.Report = TrainingReport.None;
        var history = model.Train(x, y, epochs: 150);
        Assert.True(history.Last.DataLoss < 0.25 * history.Epochs[0].DataLoss, $"{history.Epochs[0].DataLoss} -> {history.Last.DataLoss}");
        var predicted = model.Predict(x, batchSize: 64);
        Assert.Equal((200, 1), (predicted.Rows, predicted.Columns));
    }

    [Fact]
    public void OneHotTargetsTrainExactlyAsSparseLabels()
    {
        History Run(bool oneHot)
        {
            using var _ = Engine.UsePath(NumericPath.Exact);
            var random = new RandomState(6);
            var (x, y) = SyntheticData.Spiral(40, 3, random);
            Targets targets = y;
            if (oneHot)
            {
                var m = new Matrix(y.Length, 3);
                for (int i = 0; i < y.Length; i++) m[i, y[i]] = 1;
                targets = m;
            }
            var model = Classifier(random);
            model.Report = TrainingReport.None;
            return model.Train(x, targets, epochs: 3, batchSize: 25, validationData: (x, targets),
                options: new TrainingOptions { Shuffle = true });
        }
        Assert.Equal(Run(false).Epochs, Run(true).Epochs);
    }

    [Fact]
    public void BackwardSkipsTheFirstLayersInputGradientUnlessAsked()
    {
        var random = new RandomState(5);
        var (x, y) = SyntheticData.Spiral(20, 3, random);
        var model = Classifier(random);
        var first = (Dense)model.Layers[0];
        Assert.False(model.ComputeInputGradient);
        Assert.False(first.ComputeInputGradient);
        Assert.True(((Dense)model.Layers[2]).ComputeInputGradient);
        Assert.Equal(0, model.FirstBackwardLayer);

        var output = model.Forward(x, training: true);
        model.Backward(output, y);
        Assert.Throws<InvalidOperationException>(() => first.DInputs);
        var dw = first.DWeights.Clone();

        model.ComputeInputGradient = true;
        Assert.False(model.IsBuilt);
        output = model.Forward(x, training: true);
        model.Backward(output, y);
        Assert.True(first.ComputeInputGradient);
        Assert.Equal(x.Shape, first.DInputs.Shape);
        Assert.Equal(dw.Span.ToArray(), first.DWeights.Span.ToArray());
    }

    [Fact]
    public void BackwardStopsAtTheFirstTrainableLayerBehindParameterFreeLayers()
    {
        var random = new RandomState(6);
        var (x, y) = SyntheticData.Spiral(20, 3, random);
        var model = new Model(random);
        var inputDropout = new Dropout(0.1f, random);
        model.Add(inputDropout);
        model.Add(new Dense(2, 8, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(8, 3, random: random));
        model.Add(new Softmax());
        model.Set(loss: new CategoricalCrossEntropy(), optimizer: new Adam(), accuracy: new CategoricalAccuracy());
        model.Build();
        Assert.Equal(1, model.FirstBackwardLayer);
        model.Backward(model.Forward(x, training: true), y);
        Assert.Throws<InvalidOperationException>(() => inputDropout.DInputs);

        model.ComputeInputGradient = true;
        model.Build();
        Assert.Equal(0, model.FirstBackwardLayer);
        model.Backward(model.Forward(x, training: true), y);
        Assert.Equal(x.Shape, inputDropout.DInputs.Shape);
    }
}
