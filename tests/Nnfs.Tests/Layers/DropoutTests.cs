using Nnfs.Layers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Layers;

public class DropoutTests
{
    [Fact]
    public void BackwardWithFixedMaskMatchesFiniteDifferences()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var rng = new Random(4);
        var dropout = new Dropout(0.25f);
        var mask = new Matrix(3, 4);
        for (int i = 0; i < mask.Length; i++) mask.Span[i] = i % 3 == 0 ? 0f : (float)(1 / 0.75);
        dropout.SetFixedMask(mask);
        GradientCheck.CheckInputGradient(dropout, GradientCheck.Random(rng, 3, 4), rng, training: true);
        Assert.Equal(mask.Span.ToArray(), dropout.Mask.Span.ToArray());
    }

    [Fact]
    public void TrainingMaskIsTheBinomialDrawOfTheGenerator()
    {
        var dropout = new Dropout(0.1f, new RandomState(0));
        var x = new Matrix(2, 5);
        x.Span.Fill(2f);
        dropout.Forward(x, training: true);
        // NumPy's legacy generator (docs/numerics.md, "The global generator"): seed 0, binomial(1, 0.9, (2,5)) = [[1,1,1,1,1],[1,1,1,0,1]].
        var expectedMask = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 0, 1 }.Select(k => k * (float)(1 / 0.9)).ToArray();
        Assert.Equal(expectedMask, dropout.Mask.Span.ToArray());
        Assert.Equal(expectedMask.Select(m => 2f * m).ToArray(), dropout.Output.Span.ToArray());
        Assert.Equal(0.9, dropout.Keep);
    }

    [Fact]
    public void InferenceCopiesTheInputsAndDrawsNothing()
    {
        var random = new RandomState(0);
        var dropout = new Dropout(0.5f, random);
        var x = Matrix.FromArray(new float[,] { { 1f, -2f }, { 3f, 4f } });
        dropout.Forward(x, training: false);
        Assert.NotSame(x, dropout.Output);
        Assert.Equal(x.Span.ToArray(), dropout.Output.Span.ToArray());
        Assert.Equal(new RandomState(0).NextUInt32(), random.NextUInt32());
    }

    [Fact]
    public void BadRateAndMaskShapeAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(-0.1f));
        var dropout = new Dropout(0.5f);
        dropout.SetFixedMask(new Matrix(2, 2));
        var ex = Assert.Throws<ArgumentException>(() => dropout.Forward(new Matrix(3, 2), true));
        Assert.Contains("(3, 2)", ex.Message);
    }

    [Fact]
    public void InputLayerPassesTheBatchThrough()
    {
        var input = new InputLayer();
        var x = new Matrix(2, 3);
        input.Forward(x, true);
        Assert.Same(x, input.Output);
        Assert.Throws<InvalidOperationException>(() => input.Backward(x));
    }

    [Fact]
    public void ExactPathMaskIsNumPysFloat64AndPromotesOutputAndGradient()
    {
        // binomial(1, 0.9) / 0.9 is float64 in NumPy: kept elements are 1/0.9 = 1.1111111111111112, and inputs *
        // mask and dvalues * mask are float64 too (docs/numerics.md, "float64 arrays").
        using var exact = Engine.UsePath(NumericPath.Exact);
        var dropout = new Dropout(0.1f, new RandomState(0));
        var x = new Matrix(2, 5);
        x.Span.Fill(0.3f);
        dropout.Forward(x, training: true);
        double kept = 1 / 0.9;
        var expectedMask = new[] { 1, 1, 1, 1, 1, 1, 1, 1, 0, 1 }.Select(k => k * kept).ToArray();
        Assert.Equal(expectedMask, dropout.Mask.Float64.ToArray());
        Assert.Equal(expectedMask.Select(m => (double)0.3f * m).ToArray(), dropout.Output.Float64.ToArray());
        dropout.Backward(x);
        Assert.Equal(expectedMask.Select(m => (double)0.3f * m).ToArray(), dropout.DInputs.Float64.ToArray());

        dropout.Forward(dropout.Output.Clone(), training: false);
        Assert.Equal(expectedMask.Select(m => (double)0.3f * m).ToArray(), dropout.Output.Float64.ToArray());
    }

    [Fact]
    public void FastPathMaskIsFloat32()
    {
        using var fast = Engine.UsePath(NumericPath.Fast);
        var dropout = new Dropout(0.1f, new RandomState(0));
        dropout.Forward(new Matrix(2, 5), training: true);
        Assert.False(dropout.Mask.IsFloat64);
        Assert.False(dropout.Output.IsFloat64);
    }
}
