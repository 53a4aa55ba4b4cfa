using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Losses;

public class LossTests
{
    public static TheoryData<string> Cases => new() { "CCE sparse", "CCE one-hot", "BCE", "MSE", "MAE" };

    // Predictions in (0.05, 0.95) so that clipping and the MAE kink stay out of the finite differences.
    private static (Loss Loss, Matrix Predictions, Targets Targets) Create(string name, Random rng)
    {
        const int rows = 5, columns = 4;
        var p = GradientCheck.Random(rng, rows, columns, 0.05, 0.95);
        var labels = Enumerable.Range(0, rows).Select(_ => rng.Next(columns)).ToArray();
        var oneHot = new Matrix(rows, columns);
        for (int i = 0; i < rows; i++) oneHot[i, labels[i]] = 1f;
        var binary = new Matrix(rows, columns);
        for (int i = 0; i < binary.Length; i++) binary.Span[i] = rng.Next(2);
        var shifted = new Matrix(rows, columns);
        for (int i = 0; i < shifted.Length; i++) shifted.Span[i] = p.Span[i] + (rng.Next(2) == 0 ? -0.3f : 0.3f);
        return name switch
        {
            "CCE sparse" => (new CategoricalCrossEntropy(), p, labels),
            "CCE one-hot" => (new CategoricalCrossEntropy(), p, oneHot),
            "BCE" => (new BinaryCrossEntropy(), p, binary),
            "MSE" => (new MeanSquaredError(), p, GradientCheck.Random(rng, rows, columns)),
            "MAE" => (new MeanAbsoluteError(), p, shifted),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BackwardIsTheGradientOfTheMeanLoss(string name)
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var (loss, p, y) = Create(name, new Random(name.GetHashCode(StringComparison.Ordinal) & 0xffff));
        loss.Backward(p, y);
        var analytic = loss.DInputs.Span.ToArray();
        double MeanLoss()
        {
            loss.Forward(p, y);
            double sum = 0;
            foreach (var v in loss.SampleLosses) sum += v;
            return sum / p.Rows;
        }
        GradientCheck.AssertClose(analytic, GradientCheck.Numeric(p.Span, MeanLoss, 1e-3), $"{name} dinputs");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FastPathAgreesWithExactPath(string name)
    {
        var (loss, p, y) = Create(name, new Random(11));
        (float, float[], float[]) Run(NumericPath path)
        {
            using var scope = Engine.UsePath(path);
            float mean = loss.Calculate(p, y);
            loss.Backward(p, y);
            return (mean, loss.SampleLosses.ToArray(), loss.DInputs.Span.ToArray());
        }
        var exact = Run(NumericPath.Exact);
        var fast = Run(NumericPath.Fast);
        Assert.Equal(exact.Item1, fast.Item1, 1e-6f);
        for (int i = 0; i < exact.Item2.Length; i++) Assert.Equal(exact.Item2[i], fast.Item2[i], 1e-6f);
        Assert.Equal(exact.Item3, fast.Item3);
    }

    [Fact]
    public void SparseAndOneHotCrossEntropyAgree()
    {
        var rng = new Random(12);
        var (loss, p, y) = Create("CCE sparse", rng);
        var labels = y.Classes!;
        var oneHot = new Matrix(p.Rows, p.Columns);
        for (int i = 0; i < labels.Length; i++) oneHot[i, labels[i]] = 1f;
        float sparse = loss.Calculate(p, labels);
        loss.Backward(p, labels);
        var dSparse = loss.DInputs.Span.ToArray();
        Assert.Equal(sparse, loss.Calculate(p, oneHot));
        loss.Backward(p, oneHot);
        Assert.Equal(dSparse, loss.DInputs.Span.ToArray());
        Assert.Equal(-Math.Log(p[0, labels[0]]), loss.SampleLosses[0], 6);
    }

    [Fact]
    public void CrossEntropyClipsConfidences()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var loss = new CategoricalCrossEntropy();
        loss.Forward(Matrix.FromArray(new float[,] { { 0f, 1f }, { 1f, 0f } }), new[] { 0, 0 });
        Assert.Equal(-Nnfs.Kernels.LibM.Log(1e-7f), loss.SampleLosses[0]);
        Assert.Equal(-Nnfs.Kernels.LibM.Log(0.99999988079071044921875f), loss.SampleLosses[1]);
    }

    [Fact]
    public void FastSparseCrossEntropyClipsConfidences()
    {
        using var path = Engine.UsePath(NumericPath.Fast);
        var loss = new CategoricalCrossEntropy();
        loss.Forward(Matrix.FromArray(new float[,] { { 0f, 1f }, { 1f, 0f } }), new[] { 0, 0 });
        Assert.Equal(-Nnfs.Kernels.LibM.Log(1e-7f), loss.SampleLosses[0], 1e-5f);
        Assert.Equal(-Nnfs.Kernels.LibM.Log(0.99999988079071044921875f), loss.SampleLosses[1], 1e-9f);
        Assert.True(loss.SampleLosses[1] > 0f, "the upper clip keeps the loss of a certain, correct prediction positive");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FusedSoftmaxCrossEntropyEqualsSeparateBackward(bool oneHot)
    {
        var rng = new Random(13);
        var logits = GradientCheck.Random(rng, 8, 4, -3, 3);
        var labels = Enumerable.Range(0, 8).Select(_ => rng.Next(4)).ToArray();
        Targets y = labels;
        if (oneHot)
        {
            var m = new Matrix(8, 4);
            for (int i = 0; i < 8; i++) m[i, labels[i]] = 1f;
            y = m;
        }
        var fused = new SoftmaxCategoricalCrossEntropy();
        float loss = fused.Forward(logits, y);
        fused.Backward(fused.Output, y);

        var softmax = new Softmax();
        var cce = new CategoricalCrossEntropy();
        softmax.Forward(logits, true);
        Assert.Equal(cce.Calculate(softmax.Output, y), loss);
        cce.Backward(softmax.Output, y);
        softmax.Backward(cce.DInputs);
        for (int i = 0; i < fused.DInputs.Length; i++)
            Assert.Equal(softmax.DInputs.Span[i], fused.DInputs.Span[i], 1e-6f);
    }

    [Fact]
    public void FusedGradientMatchesFiniteDifferencesOfTheLogits()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var rng = new Random(14);
        var logits = GradientCheck.Random(rng, 6, 3, -2, 2);
        int[] labels = [0, 2, 1, 1, 0, 2];
        var fused = new SoftmaxCategoricalCrossEntropy();
        fused.Forward(logits, labels);
        fused.Backward(fused.Output, labels);
        var analytic = fused.DInputs.Span.ToArray();
        double MeanLoss()
        {
            fused.Forward(logits, labels);
            return fused.Loss.SampleLosses.ToArray().Sum(v => (double)v) / labels.Length;
        }
        GradientCheck.AssertClose(analytic, GradientCheck.Numeric(logits.Span, MeanLoss, 1e-3), "fused dinputs");
    }

    [Fact]
    public void ErrorsNameTheProblem()
    {
        var cce = new CategoricalCrossEntropy();
        var p = new Matrix(4, 3);
        p.Span.Fill(0.3f);
        p[3, 1] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => cce.Forward(p, new[] { 0, 1, 2, 0 }));
        Assert.Equal("CategoricalCrossEntropy: prediction [3, 1] is NaN.", ex.Message);
        p[3, 1] = float.PositiveInfinity;
        Assert.Contains("[3, 1] is +infinity", Assert.Throws<ArgumentException>(() => cce.Backward(p, new[] { 0, 1, 2, 0 })).Message);
        p[3, 1] = 0.3f;

        ex = Assert.Throws<ArgumentException>(() => cce.Forward(p, new[] { 0, 1, 5, 0 }));
        Assert.Contains("label 5 at index 2 is out of range for 3 classes", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new SoftmaxCategoricalCrossEntropy().Backward(p, new[] { 0, -1, 2, 0 }));
        Assert.Contains("label -1 at index 1", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => cce.Forward(p, new[] { 0, 1 }));
        Assert.Contains("(4, 3)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => cce.Forward(p, new Matrix(4, 2)));
        Assert.Contains("(4, 2)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new MeanSquaredError().Forward(new Matrix(0, 1), new Matrix(0, 1)));
        Assert.Contains("empty", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new BinaryCrossEntropy().Forward(p, new[] { 0, 1, 1, 0 }));
        Assert.Contains("1 column", ex.Message);
    }

    [Fact]
    public void BinaryTargetsMayBeClassIdsForOneOutput()
    {
        var p = Matrix.FromArray(new float[,] { { 0.8f }, { 0.3f } });
        var bce = new BinaryCrossEntropy();
        float fromIds = bce.Calculate(p, new[] { 1, 0 });
        Assert.Equal(bce.Calculate(p, Matrix.FromArray(new float[,] { { 1f }, { 0f } })), fromIds);
    }

    [Fact]
    public void CalculateAccumulatesSumsUntilNewPass()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var mse = new MeanSquaredError();
        var y = Matrix.FromArray(new float[,] { { 0f }, { 0f }, { 0f } });
        Assert.Equal(3f, mse.Calculate(Matrix.FromArray(new float[,] { { 1f }, { 2f }, { 2f } }), y));
        Assert.Equal(16f, mse.Calculate(Matrix.FromArray(new float[,] { { 4f } }), Matrix.FromArray(new float[,] { { 0f } })));
        Assert.Equal(25.0, mse.AccumulatedSum);
        Assert.Equal(4, mse.AccumulatedCount);
        Assert.Equal(6.25f, mse.CalculateAccumulated());
        mse.NewPass();
        Assert.Throws<InvalidOperationException>(() => mse.CalculateAccumulated());
    }

    [Fact]
    public void RegularizationLossAddsTermsOfRememberedLayersInBookOrder()
    {
        var a = new Dense(3, 2, 1e-3f, 5e-4f, 2e-3f, 5e-4f, new RandomState(0), initScale: 1f);
        var b = new Dense(2, 2, 0f, 5e-4f, 0f, 0f, new RandomState(1), initScale: 1f);
        a.SetParameters(a.Weights, Matrix.RowVector(0.5f, -0.25f));
        var loss = new CategoricalCrossEntropy();
        Assert.Equal(0.0, loss.RegularizationLoss());
        loss.RememberTrainableLayers([a, b]);
        double expected = 0;
        expected += 0.001 * a.Weights.Span.ToArray().Sum(Math.Abs);
        expected += 0.0005 * a.Weights.Span.ToArray().Sum(w => w * w);
        expected += 0.002 * 0.75f;
        expected += 0.0005 * 0.3125f;
        expected += 0.0005 * b.Weights.Span.ToArray().Sum(w => w * w);
        Assert.Equal(expected, loss.RegularizationLoss(), 1e-9);
    }

    [Fact]
    public void RegularizationLossAsksEveryTrainableLayerThroughTheContract()
    {
        var dense = new Dense(2, 2, 0f, 5e-4f, 0f, 0f, new RandomState(1), initScale: 1f);
        var other = new Nnfs.Tests.Optimizers.FakeTrainableLayer(new Matrix(1, 1), new Matrix(1, 1)) { Penalty = 0.25 };
        var loss = new MeanSquaredError();
        loss.RememberTrainableLayers([dense, other]);
        Assert.Equal(dense.RegularizationLoss() + 0.25, loss.RegularizationLoss());
        loss.RememberTrainableLayers([other, other]);
        Assert.Equal(0.5, loss.RegularizationLoss());
    }

    [Fact]
    public void SteadyStateCalculateAndBackwardDoNotAllocate()
    {
        var rng = new Random(15);
        foreach (var p in new[] { NumericPath.Exact, NumericPath.Fast })
        {
            using var scope = Engine.UsePath(p);
            foreach (var name in new[] { "CCE sparse", "CCE one-hot", "BCE", "MSE", "MAE" })
            {
                var (loss, yPred, y) = Create(name, rng);
                SteadyState.AssertAllocatesNothing(() =>
                {
                    loss.Calculate(yPred, y);
                    loss.Backward(yPred, y);
                }, $"{name} on the {p} path", calls: 1);
            }
            var fused = new SoftmaxCategoricalCrossEntropy();
            Targets labels = new[] { 0, 1, 2, 1 };
            var logits = GradientCheck.Random(rng, 4, 3);
            SteadyState.AssertAllocatesNothing(() =>
            {
                fused.Forward(logits, labels);
                fused.Backward(fused.Output, labels);
            }, $"the fused loss on the {p} path", calls: 1);
        }
    }

    [Fact]
    public void ExactPathMeanSquaredErrorOnFloat64TargetsIsFloat64()
    {
        // sine_data's y is float64: NumPy's mean((y - 0)**2) is exactly 0.5 and its sum 500.0; the gradient
        // -2 * (y - p) / 1 / 1000 is float64.
        using var exact = Engine.UsePath(NumericPath.Exact);
        var (_, y) = Nnfs.Datasets.SyntheticData.Sine();
        var loss = new MeanSquaredError();
        var predictions = new Matrix(1000, 1);
        Assert.Equal(0.5f, loss.Calculate(predictions, y));
        Assert.Equal(500.0, loss.AccumulatedSum);
        loss.Backward(predictions, y);
        Assert.True(loss.DInputs.IsFloat64);
        Assert.Equal(-2 * y.Float64[1] / 1 / 1000, loss.DInputs.Float64[1]);

        using var fast = Engine.UsePath(NumericPath.Fast);
        loss.Backward(predictions, y);
        Assert.False(loss.DInputs.IsFloat64);
    }
}
