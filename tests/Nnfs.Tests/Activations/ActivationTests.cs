using Nnfs.Activations;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Tests.Activations;

public class ActivationTests
{
    public static TheoryData<string> Names => new() { "ReLU", "Softmax", "Sigmoid", "Linear" };

    private static IOutputActivation Create(string name) => name switch
    {
        "ReLU" => new ReLU(),
        "Softmax" => new Softmax(),
        "Sigmoid" => new Sigmoid(),
        "Linear" => new Linear(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void BackwardMatchesFiniteDifferences(string name)
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var rng = new Random(name.Length);
        // Away from ReLU's kink at 0 by more than the finite-difference step.
        var x = GradientCheck.Random(rng, 6, 5, -3, 3, awayFromZero: 0.05);
        GradientCheck.CheckInputGradient(Create(name), x, rng, epsilon: 1e-3);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FastPathAgreesWithExactPath(string name)
    {
        var rng = new Random(7);
        var x = GradientCheck.Random(rng, 13, 11, -20, 20);
        var d = GradientCheck.Random(rng, 13, 11);
        var layer = Create(name);
        (Matrix, Matrix) Run(NumericPath p)
        {
            using var scope = Engine.UsePath(p);
            layer.Forward(x, false);
            layer.Backward(d);
            return (layer.Output.Clone(), layer.DInputs.Clone());
        }
        var (outExact, dExact) = Run(NumericPath.Exact);
        var (outFast, dFast) = Run(NumericPath.Fast);
        for (int i = 0; i < outExact.Length; i++)
        {
            Assert.Equal(outExact.Span[i], outFast.Span[i], 2e-6f * Math.Max(1f, Math.Abs(outExact.Span[i])));
            Assert.Equal(dExact.Span[i], dFast.Span[i], 2e-6f * Math.Max(1f, Math.Abs(dExact.Span[i])));
        }
    }

    [Fact]
    public void ReLUZeroesGradientWhereInputIsZeroOrNegative()
    {
        var relu = new ReLU();
        relu.Forward(Matrix.FromArray(new float[,] { { -1f, 0f, -0f, 2f } }), true);
        Assert.Equal([0f, 0f, 0f, 2f], relu.Output.Span.ToArray());
        relu.Backward(Matrix.FromArray(new float[,] { { 5f, 5f, 5f, 5f } }));
        Assert.Equal([0f, 0f, 0f, 5f], relu.DInputs.Span.ToArray());
    }

    [Fact]
    public void SoftmaxRowsSumToOneAndAreShiftInvariant()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var softmax = new Softmax();
        softmax.Forward(Matrix.FromArray(new float[,] { { 1000f, 1001f, 1002f }, { -1000f, -999f, -998f } }), false);
        Assert.Equal(softmax.Output.Row(0).ToArray(), softmax.Output.Row(1).ToArray());
        Assert.Equal(1.0, softmax.Output.Row(0).ToArray().Sum(v => (double)v), 6);
        Assert.True(softmax.Output[0, 2] > softmax.Output[0, 1]);
    }

    [Fact]
    public void SoftmaxPredictionsAreArgmaxWithFirstMaximumWinning()
    {
        var predictions = new Softmax().Predictions(Matrix.FromArray(new float[,] { { 0.2f, 0.4f, 0.4f }, { 0.5f, 0.1f, 0.4f }, { 0.1f, 0.2f, 0.7f } }));
        Assert.Equal((3, 1), (predictions.Rows, predictions.Columns));
        Assert.Equal([1f, 0f, 2f], predictions.Span.ToArray());
    }

    [Fact]
    public void SoftmaxPredictionsRefuseOutputsWithoutColumns()
    {
        var e = Assert.Throws<ArgumentException>(() => new Softmax().Predictions(new Matrix(3, 0)));
        Assert.Equal("outputs", e.ParamName);
        Assert.Contains("3", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(11)]
    public void SoftmaxPredictionsMatchTheReferenceArgmaxWithTiesAndNaN(int columns)
    {
        float[] pool = [0f, 1f, 1f, -2f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0.5f];
        var rng = new Random(5);
        var outputs = new Matrix(500, columns);
        for (int i = 0; i < outputs.Length; i++) outputs.Span[i] = pool[rng.Next(pool.Length)];
        var predictions = new Softmax().Predictions(outputs);
        for (int r = 0; r < outputs.Rows; r++)
            Assert.Equal(ElementMath.ArgMax(outputs.Row(r)), predictions[r, 0]);
    }

    [Fact]
    public void SigmoidPredictionsAreStrictlyAboveHalf()
    {
        var predictions = new Sigmoid().Predictions(Matrix.FromArray(new float[,] { { 0.5f }, { 0.50001f }, { 0.2f } }));
        Assert.Equal([0f, 1f, 0f], predictions.Span.ToArray());
    }

    [Fact]
    public void LinearAndReLUPredictionsAreTheOutputs()
    {
        var outputs = Matrix.FromArray(new float[,] { { 1.5f, -2f } });
        Assert.Same(outputs, new Linear().Predictions(outputs));
        Assert.Same(outputs, new ReLU().Predictions(outputs));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BackwardRejectsMismatchedShapes(string name)
    {
        var layer = Create(name);
        layer.Forward(new Matrix(2, 3), false);
        var ex = Assert.Throws<ArgumentException>(() => layer.Backward(new Matrix(2, 4)));
        Assert.Contains("(2, 3)", ex.Message);
        Assert.Contains("(2, 4)", ex.Message);
    }

    [Fact]
    public void ForwardAndBackwardDoNotAllocateInSteadyState()
    {
        var rng = new Random(1);
        var x = GradientCheck.Random(rng, 32, 10);
        var d = GradientCheck.Random(rng, 32, 10);
        foreach (var p in new[] { NumericPath.Exact, NumericPath.Fast })
        {
            using var scope = Engine.UsePath(p);
            foreach (var name in new[] { "ReLU", "Softmax", "Sigmoid", "Linear" })
            {
                var layer = Create(name);
                SteadyState.AssertAllocatesNothing(() =>
                {
                    layer.Forward(x, true);
                    layer.Backward(d);
                }, $"{name} on the {p} path", calls: 1);
            }
        }
    }
}
