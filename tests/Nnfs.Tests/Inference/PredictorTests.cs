using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Inference;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Serialization;
using Nnfs.Tensors;
using Nnfs.Testing;

namespace Nnfs.Tests.Inference;

public class PredictorTests
{
    private static int[] Bits(Matrix m) => m.Span.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>A Fashion-MNIST-shaped MLP (784 → 64 → 64 → 10, dropout) with random weights and biases.</summary>
    internal static Model FashionMlp(uint seed = 11)
    {
        var random = new RandomState(seed);
        var model = new Model { Report = TrainingReport.None };
        model.Add(new Dense(784, 64, random: random, initScale: 0.05f));
        model.Add(new ReLU());
        model.Add(new Dropout(0.1f, random));
        model.Add(new Dense(64, 64, random: random, initScale: 0.2f));
        model.Add(new ReLU());
        model.Add(new Dense(64, 10, random: random, initScale: 0.2f));
        model.Add(new Softmax());
        model.Build();
        foreach (var layer in model.TrainableLayers.Cast<Dense>()) random.Randn(layer.Biases.Span);
        model.Input = InputPreparation.Image(28, 28);
        model.ClassNames = IdxDataset.FashionMnist.ClassNames!;
        return model;
    }

    /// <summary>A spiral classifier (2 → 64 → 3) trained for a few epochs, with standardized features.</summary>
    internal static Model SpiralModel(out Matrix rawX)
    {
        var (x, y) = SyntheticData.Spiral(100, 3, new RandomState(2));
        for (int i = 0; i < x.Length; i++) x.Span[i] = x.Span[i] * 40 + 7;
        rawX = x.Clone();
        var standardizer = Standardizer.Fit(x);
        var prepared = standardizer.Transform(x);
        var random = new RandomState(3);
        var model = new Model(random) { Report = TrainingReport.None };
        model.Add(new Dense(2, 64, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(64, 3, random: random));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(0.05), new CategoricalAccuracy());
        model.Train(prepared, y, epochs: 20);
        model.Input = InputPreparation.Features(2, ["x", "y"], standardizer);
        return model;
    }

    internal static Matrix RawPixels(int rows, uint seed)
    {
        var random = new RandomState(seed);
        var m = new Matrix(rows, 784);
        for (int i = 0; i < m.Length; i++) m.Span[i] = random.RandInt(0, 256);
        return m;
    }

    internal static Matrix Prepared(InputPreparation input, Matrix raw)
    {
        var prepared = new Matrix(raw.Rows, raw.Columns);
        input.Apply(raw.Span, prepared.Span);
        return prepared;
    }

    [Theory]
    [InlineData(NumericPath.Fast, 1)]
    [InlineData(NumericPath.Fast, 3)]
    [InlineData(NumericPath.Fast, 37)]
    [InlineData(NumericPath.Fast, 200)]
    [InlineData(NumericPath.Exact, 1)]
    [InlineData(NumericPath.Exact, 37)]
    public void FashionMlpOnRawPixelsEqualsModelPredictOnScaledPixels(NumericPath path, int rows)
    {
        using var _ = Engine.UsePath(path);
        var model = FashionMlp();
        var raw = RawPixels(rows, 4);
        var predictor = new Predictor(model);
        var expected = model.Predict(Prepared(model.Input!, raw));
        Assert.Equal(Bits(expected), Bits(predictor.Predict(raw)));
        var spanOutputs = new float[rows * 10];
        predictor.Predict(raw.Span, rows, spanOutputs);
        Assert.Equal(Bits(expected), spanOutputs.Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>An MLP on features taken as they are (no preparation: the first layer reads the raw input in place),
    /// with widths that leave ragged packed panels (47 = 32 + 15, 70 = 2·32 + 6) and a 10-class output.</summary>
    private static Model RaggedMlp()
    {
        var random = new RandomState(5);
        var model = new Model { Report = TrainingReport.None };
        model.Add(new Dense(100, 47, random: random, initScale: 0.1f));
        model.Add(new ReLU());
        model.Add(new Dense(47, 70, random: random, initScale: 0.2f));
        model.Add(new ReLU());
        model.Add(new Dense(70, 10, random: random, initScale: 0.2f));
        model.Add(new Softmax());
        model.Build();
        foreach (var layer in model.TrainableLayers.Cast<Dense>()) random.Randn(layer.Biases.Span);
        return model;
    }

    // The weights packed once when the predictor is created and the raw input read in place give the bits of
    // Model.Predict (which packs the weights on every product and reads a prepared copy), in every tier, at batch sizes
    // on each of the product's forms: one row sliver read in place, several on the panel path, the blocked plan.
    [Theory]
    [InlineData(IsaTier.Vector512)]
    [InlineData(IsaTier.Vector256)]
    [InlineData(IsaTier.Vector128)]
    [InlineData(IsaTier.Vector128Unfused)]
    [InlineData(IsaTier.Scalar)]
    public void PackedWeightsAndRawInputInPlaceGiveModelPredictsBits(IsaTier tier)
    {
        using var _ = Engine.UseTier(tier);
        var model = RaggedMlp();
        var predictor = new Predictor(model);
        foreach (int rows in new[] { 1, 7, 37, 128, 1400 })
        {
            var raw = new Matrix(rows, 100);
            new RandomState((uint)rows).Randn(raw.Span);
            var expected = model.Predict(raw.Clone());
            Assert.Equal(Bits(expected), Bits(predictor.Predict(raw)));
        }
    }

    [Theory]
    [InlineData(NumericPath.Fast, 1)]
    [InlineData(NumericPath.Fast, 8)]
    [InlineData(NumericPath.Fast, 300)]
    [InlineData(NumericPath.Exact, 300)]
    public void SpiralModelOnRawFeaturesEqualsModelPredictOnStandardizedFeatures(NumericPath path, int rows)
    {
        using var _ = Engine.UsePath(path);
        var model = SpiralModel(out var rawX);
        var raw = new Matrix(rows, 2);
        rawX.Span[..(rows * 2)].CopyTo(raw.Span);
        var expected = model.Predict(Prepared(model.Input!, raw));
        Assert.Equal(Bits(expected), Bits(new Predictor(model).Predict(raw)));
    }

    [Fact]
    public void DescribesTheModel()
    {
        var model = FashionMlp();
        var predictor = new Predictor(model);
        Assert.Equal((784, 10, true), (predictor.InputLength, predictor.OutputLength, predictor.IsClassifier));
        Assert.Equal(IdxDataset.FashionMnist.ClassNames!, predictor.ClassNames);
        Assert.Same(model.Input, predictor.Input);

        var bare = new Model();
        bare.Add(new Dense(3, 2));
        bare.Add(new Linear());
        var regression = new Predictor(bare);
        Assert.Equal((3, 2, false), (regression.InputLength, regression.OutputLength, regression.IsClassifier));
        Assert.True(regression.Input.IsIdentity);
        Assert.Equal(InputKind.Features, regression.Input.Kind);
        Assert.Equal(["0", "1"], regression.ClassNames);
        Assert.Throws<InvalidOperationException>(() => regression.PredictClasses(new Matrix(1, 3)));
        Assert.Throws<InvalidOperationException>(() => regression.TopK(new Matrix(1, 3), 1));
    }

    [Fact]
    public void LaterChangesToTheModelDoNotAffectIt()
    {
        var model = FashionMlp();
        var raw = RawPixels(5, 6);
        var predictor = new Predictor(model);
        var before = Bits(predictor.Predict(raw));
        ((Dense)model.Layers[0]).Weights.Span.Fill(0.5f);
        model.Input = InputPreparation.Image(28, 28, pixelScaling: false);
        Assert.Equal(before, Bits(predictor.Predict(raw)));
        Assert.NotEqual(before, Bits(new Predictor(model).Predict(raw)));
    }

    [Fact]
    public void LoadReadsTheModelFile()
    {
        using var dir = new TempDir();
        var model = FashionMlp();
        string path = dir.Combine("fashion.nnfs");
        model.Save(path);
        var raw = RawPixels(4, 8);
        var loaded = Predictor.Load(path);
        Assert.Equal(Bits(new Predictor(model).Predict(raw)), Bits(loaded.Predict(raw)));
        Assert.Equal(IdxDataset.FashionMnist.ClassNames!, loaded.ClassNames);
        Assert.Equal(InputKind.Image, loaded.Input.Kind);
        Assert.Throws<FileNotFoundException>(() => Predictor.Load(dir.Combine("missing.nnfs")));
    }

    [Fact]
    public void PredictClassesAndTopKFollowTheProbabilities()
    {
        var model = FashionMlp();
        var raw = RawPixels(30, 9);
        var predictor = new Predictor(model);
        var probabilities = predictor.Predict(raw);
        var classes = predictor.PredictClasses(raw);
        var expected = model.OutputLayerActivation!.Predictions(model.Predict(Prepared(model.Input!, raw)));
        Assert.Equal(expected.Span.ToArray().Select(v => (int)v), classes);
        var top = predictor.TopK(raw, 3);
        for (int r = 0; r < raw.Rows; r++)
        {
            var row = probabilities.Row(r).ToArray();
            var order = Enumerable.Range(0, 10).OrderByDescending(c => row[c]).ThenBy(c => c).Take(3).ToArray();
            Assert.Equal(order, top[r].Select(s => s.ClassId));
            Assert.Equal(order.Select(c => IdxDataset.FashionMnist.ClassNames![c]), top[r].Select(s => s.Name));
            Assert.Equal(order.Select(c => row[c]), top[r].Select(s => s.Probability));
            Assert.Equal(classes[r], top[r][0].ClassId);
        }
        Assert.Equal(10, predictor.TopK(raw, 50)[0].Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.TopK(raw, 0));
    }

    [Fact]
    public void ASingleSigmoidOutputIsTwoClasses()
    {
        var random = new RandomState(4);
        var model = new Model();
        model.Add(new Dense(2, 4, random: random, initScale: 1f));
        model.Add(new ReLU());
        model.Add(new Dense(4, 1, random: random, initScale: 1f));
        model.Add(new Sigmoid());
        var predictor = new Predictor(model);
        Assert.Equal(["0", "1"], predictor.ClassNames);
        var x = new Matrix(40, 2);
        random.Randn(x.Span);
        var p = predictor.Predict(x);
        var classes = predictor.PredictClasses(x);
        var top = predictor.TopK(x, 2);
        for (int r = 0; r < x.Rows; r++)
        {
            Assert.Equal(p[r, 0] > 0.5f ? 1 : 0, classes[r]);
            Assert.Equal(classes[r], top[r][0].ClassId);
            Assert.Equal(p[r, 0], top[r].Single(s => s.ClassId == 1).Probability);
            Assert.Equal(1f - p[r, 0], top[r].Single(s => s.ClassId == 0).Probability);
        }
        Assert.Contains(classes, c => c == 0);
        Assert.Contains(classes, c => c == 1);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        var predictor = new Predictor(FashionMlp());
        Assert.Contains("784 values per sample", Assert.Throws<ArgumentException>(() => predictor.Predict(new Matrix(2, 4))).Message);
        Assert.Throws<ArgumentException>(() => predictor.Predict(new float[784], 2, new float[20]));
        Assert.Throws<ArgumentException>(() => predictor.Predict(new float[784], 1, new float[9]));
        Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Predict(new float[0], -1, new float[0]));
        predictor.Predict(ReadOnlySpan<float>.Empty, 0, Span<float>.Empty);

        var mismatched = FashionMlp();
        mismatched.Input = InputPreparation.Features(4);
        Assert.Contains("first dense layer takes 784", Assert.Throws<ArgumentException>(() => new Predictor(mismatched)).Message);
        var chainBroken = new Model();
        chainBroken.Add(new Dense(2, 3));
        chainBroken.Add(new Dense(4, 2));
        Assert.Contains("layer 1 (Dense(4, 2)) takes 4 inputs but receives 3", Assert.Throws<ArgumentException>(() => new Predictor(chainBroken)).Message);
        Assert.Throws<ArgumentException>(() => new Predictor(new Model()));
        var custom = new Model();
        custom.Add(new Dense(2, 2));
        custom.Add(new InputLayer());
        Assert.Throws<NotSupportedException>(() => new Predictor(custom));
    }
}
