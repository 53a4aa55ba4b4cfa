using Nnfs.Layers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Layers;

public class DenseTests
{
    [Fact]
    public void WeightsAreScaledFloat32GaussiansAndBiasesZero()
    {
        var dense = new Dense(3, 4, random: new RandomState(42), initScale: 0.1f);
        var g = new float[12];
        new RandomState(42).Randn(g);
        for (int i = 0; i < g.Length; i++) Assert.Equal(g[i] * 0.1f, dense.Weights.Span[i]);
        Assert.Equal((1, 4), (dense.Biases.Rows, dense.Biases.Columns));
        Assert.All(dense.Biases.Span.ToArray(), b => Assert.Equal(0f, b));
        Assert.Equal(["weight", "bias"], dense.Parameters.Select(p => p.Name));
        Assert.Same(dense.Weights, dense.Parameters[0].Value);
        Assert.Same(dense.DBiases, dense.Parameters[1].Gradient);
    }

    [Fact]
    public void ForwardIsDoubleAccumulatedProductPlusBiasOnExactPath()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var rng = new Random(1);
        var dense = new Dense(5, 3, random: new RandomState(1));
        dense.SetParameters(GradientCheck.Random(rng, 5, 3), GradientCheck.Random(rng, 1, 3));
        var x = GradientCheck.Random(rng, 4, 5);
        dense.Forward(x, false);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++)
            {
                double dot = 0;
                for (int k = 0; k < 5; k++) dot += (double)x[i, k] * dense.Weights[k, j];
                Assert.Equal((float)dot + dense.Biases[0, j], dense.Output[i, j]);
            }
    }

    [Theory]
    [InlineData(0f, 0f, 0f, 0f)]
    [InlineData(0.05f, 0f, 0f, 0f)]
    [InlineData(0f, 0.05f, 0f, 0f)]
    [InlineData(0f, 0f, 0.05f, 0f)]
    [InlineData(0f, 0f, 0f, 0.05f)]
    [InlineData(0.01f, 0.02f, 0.03f, 0.04f)]
    public void GradientsMatchFiniteDifferences(float l1w, float l2w, float l1b, float l2b)
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var rng = new Random(2);
        var dense = new Dense(4, 3, l1w, l2w, l1b, l2b, new RandomState(2));
        // Parameters away from 0, where the L1 penalty has its kink.
        dense.SetParameters(GradientCheck.Random(rng, 4, 3, awayFromZero: 0.1), GradientCheck.Random(rng, 1, 3, awayFromZero: 0.1));
        var x = GradientCheck.Random(rng, 5, 4);
        var r = GradientCheck.CheckInputGradient(dense, x, rng, extra: dense.RegularizationLoss);

        dense.Forward(x, true);
        dense.Backward(r);
        double Objective()
        {
            dense.Forward(x, true);
            return GradientCheck.Project(dense.Output, r) + dense.RegularizationLoss();
        }
        var dWeights = dense.DWeights.Span.ToArray();
        var dBiases = dense.DBiases.Span.ToArray();
        GradientCheck.AssertClose(dWeights, GradientCheck.Numeric(dense.Weights.Span, Objective), "dweights");
        GradientCheck.AssertClose(dBiases, GradientCheck.Numeric(dense.Biases.Span, Objective), "dbiases");
    }

    [Fact]
    public void L1SubgradientAtZeroIsPlusStrength()
    {
        var dense = new Dense(1, 2, weightRegularizerL1: 0.5f, biasRegularizerL1: 0.25f, random: new RandomState(0));
        dense.SetParameters(Matrix.FromArray(new float[,] { { 0f, -1f } }), Matrix.RowVector(0f, -2f));
        dense.Forward(Matrix.FromArray(new float[,] { { 1f } }), true);
        dense.Backward(Matrix.FromArray(new float[,] { { 0f, 0f } }));
        Assert.Equal([0.5f, -0.5f], dense.DWeights.Span.ToArray());
        Assert.Equal([0.25f, -0.25f], dense.DBiases.Span.ToArray());
    }

    // 1e8 + 4 rounds back to 1e8 in float32 (a tie, to even), but 1e8 + 8 does not.
    private static readonly float[] s_column = [1e8f, 4f, 4f, 4f, 4f, 4f, 4f, 4f, -1e8f];

    [Fact]
    public void BiasGradientSumsEachColumnTopToBottomInFloat32()
    {
        // np.sum(axis=0) over several columns accumulates row by row: 1e8 absorbs every 4, then -1e8 leaves 0.
        var dense = new Dense(1, 2, random: new RandomState(0));
        var dvalues = new Matrix(s_column.Length, 2);
        for (int i = 0; i < s_column.Length; i++) dvalues[i, 0] = dvalues[i, 1] = s_column[i];
        dense.Forward(new Matrix(s_column.Length, 1), true);
        dense.Backward(dvalues);
        Assert.Equal([0f, 0f], dense.DBiases.Span.ToArray());
    }

    [Fact]
    public void SingleColumnBiasGradientIsSummedPairwiseAsNumPy()
    {
        // One column is one contiguous run for NumPy, summed pairwise: (1e8 + 4 + 4) + (4 + 4 + 4 + 4 + 4) - 1e8 = 24.
        var dense = new Dense(1, 1, random: new RandomState(0));
        dense.Forward(new Matrix(s_column.Length, 1), true);
        dense.Backward(new Matrix(s_column.Length, 1, (float[])s_column.Clone()));
        Assert.Equal(24f, dense.DBiases[0, 0]);
    }

    [Fact]
    public void RegularizationLossIsTheSumOfTheFourPenalties()
    {
        var dense = new Dense(2, 2, 0.1f, 0.2f, 0.3f, 0.4f, new RandomState(0));
        dense.SetParameters(Matrix.FromArray(new float[,] { { 1f, -2f }, { 0.5f, 0f } }), Matrix.RowVector(-1f, 3f));
        Assert.Equal(0.1 * 3.5 + 0.2 * 5.25 + 0.3 * 4 + 0.4 * 10, dense.RegularizationLoss(), 12);
        Assert.Equal(0.0, new Dense(2, 2, random: new RandomState(0)).RegularizationLoss());
    }

    [Fact]
    public void WrongInputWidthNamesBothShapes()
    {
        var dense = new Dense(784, 128, random: new RandomState(0));
        var ex = Assert.Throws<ArgumentException>(() => dense.Forward(new Matrix(32, 100), true));
        Assert.StartsWith("Dense(784, 128) expects 784 input columns, got 100 (batch shape (32, 100))", ex.Message);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var dense = new Dense(3, 2, random: new RandomState(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(2, 2, weightRegularizerL2: -1f));
        Assert.Throws<InvalidOperationException>(() => dense.Backward(new Matrix(1, 2)));
        Assert.Throws<ArgumentException>(() => dense.Forward(new Matrix(0, 3), true));
        dense.Forward(new Matrix(4, 3), true);
        var ex = Assert.Throws<ArgumentException>(() => dense.Backward(new Matrix(4, 3)));
        Assert.Contains("(4, 2)", ex.Message);
        Assert.Throws<ArgumentException>(() => dense.SetParameters(new Matrix(2, 3), new Matrix(1, 2)));
    }

    [Fact]
    public void FastPathAgreesWithExactPath()
    {
        var rng = new Random(3);
        var x = GradientCheck.Random(rng, 17, 9);
        var g = GradientCheck.Random(rng, 17, 6);
        var dense = new Dense(9, 6, 0.01f, 0.02f, 0.03f, 0.04f, new RandomState(3), initScale: 0.5f);
        dense.SetParameters(dense.Weights, GradientCheck.Random(rng, 1, 6));
        Matrix[] Run(NumericPath p)
        {
            using var scope = Engine.UsePath(p);
            dense.Forward(x, true);
            dense.Backward(g);
            return [dense.Output.Clone(), dense.DWeights.Clone(), dense.DBiases.Clone(), dense.DInputs.Clone()];
        }
        var exact = Run(NumericPath.Exact);
        var fast = Run(NumericPath.Fast);
        for (int m = 0; m < exact.Length; m++)
            for (int i = 0; i < exact[m].Length; i++)
                Assert.Equal(exact[m].Span[i], fast[m].Span[i], 1e-5f);
        using (Engine.UsePath(NumericPath.Exact))
        {
            double a = dense.RegularizationLoss();
            using var f = Engine.UsePath(NumericPath.Fast);
            Assert.Equal(a, dense.RegularizationLoss(), 1e-6 * a);
        }
    }

    [Fact]
    public void SteadyStateForwardBackwardReusesBuffers()
    {
        var dense = new Dense(8, 4, random: new RandomState(0));
        var x = new Matrix(16, 8);
        var g = new Matrix(16, 4);
        dense.Forward(x, true);
        dense.Backward(g);
        var (output, dinputs, dweights) = (dense.Output, dense.DInputs, dense.DWeights);
        dense.Forward(x, true);
        dense.Backward(g);
        Assert.Same(output, dense.Output);
        Assert.Same(dinputs, dense.DInputs);
        Assert.Same(dweights, dense.DWeights);
    }

    [Fact]
    public void SteadyStateStepAllocatesNothingOnTheFastPath()
    {
        using var path = Engine.UsePath(NumericPath.Fast);
        var dense = new Dense(8, 4, 1e-3f, 1e-3f, 1e-3f, 1e-3f, new RandomState(0));
        var x = new Matrix(16, 8);
        var g = new Matrix(16, 4);
        SteadyState.AssertAllocatesNothing(() =>
        {
            dense.Forward(x, true);
            dense.Backward(g);
            dense.RegularizationLoss();
        }, "Dense forward, backward and regularization loss", calls: 1);
    }

    [Fact]
    public void SkippedInputGradientThrowsInsteadOfReturningStaleValuesAndLeavesParameterGradientsAlone()
    {
        var random = new RandomState(3);
        var dense = new Dense(6, 4, 1e-3f, 1e-3f, random: random);
        var x = new Matrix(5, 6);
        var g = new Matrix(5, 4);
        random.Randn(x.Span);
        random.Randn(g.Span);
        dense.Forward(x, true);
        dense.Backward(g);
        var (dw, db) = (dense.DWeights.Clone(), dense.DBiases.Clone());
        Assert.True(dense.ComputeInputGradient);
        Assert.Equal(5, dense.DInputs.Rows);

        dense.ComputeInputGradient = false;
        dense.Forward(x, true);
        dense.Backward(g);
        var e = Assert.Throws<InvalidOperationException>(() => dense.DInputs);
        Assert.Contains("ComputeInputGradient", e.Message);
        Assert.Equal(dw.Span.ToArray(), dense.DWeights.Span.ToArray());
        Assert.Equal(db.Span.ToArray(), dense.DBiases.Span.ToArray());

        dense.ComputeInputGradient = true;
        dense.Backward(g);
        Assert.Equal(6, dense.DInputs.Columns);
    }

    [Fact]
    public void ExactPathFloat64GradientsGiveFloat64BiasGradientsAndFloat32WeightGradients()
    {
        // Below a dropout layer NumPy's dvalues are float64: np.sum(axis=0) keeps them float64, np.dot rounds.
        using var exact = Engine.UsePath(NumericPath.Exact);
        var dense = new Dense(1, 2, biasRegularizerL2: 5e-4f, random: new RandomState(0));
        var inputs = Matrix.FromArray(new float[,] { { 1f }, { 2f }, { 3f } });
        dense.Forward(inputs, training: true);
        double third = 1.0 / 3;
        var dvalues = Matrix.FromFloat64(3, 2, [third, 1e16, third, 1.0, third, -1e16]);
        dense.Backward(dvalues);
        Assert.True(dense.DBiases.IsFloat64);
        Assert.Equal([third + third + third, 0.0], dense.DBiases.Float64.ToArray());
        Assert.False(dense.DWeights.IsFloat64);
        Assert.Equal((float)(third + 2 * third + 3 * third), dense.DWeights[0, 0]);

        dense.Backward(new Matrix(3, 2));
        Assert.False(dense.DBiases.IsFloat64);
    }
}
