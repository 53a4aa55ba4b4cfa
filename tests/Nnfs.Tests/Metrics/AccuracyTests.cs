using Nnfs.Metrics;
using Nnfs.Tensors;

namespace Nnfs.Tests.Metrics;

public class AccuracyTests
{
    [Fact]
    public void CategoricalAccuracyWithClassIdsAndOneHotRows()
    {
        var accuracy = new CategoricalAccuracy();
        var predictions = Matrix.FromArray(new float[,] { { 0 }, { 2 }, { 1 } });
        Assert.Equal(2.0 / 3, accuracy.Calculate(predictions, new[] { 0, 2, 2 }));
        var oneHot = Matrix.FromArray(new float[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 1, 0 } });
        Assert.Equal(2.0 / 3, accuracy.Calculate(predictions, oneHot));
        Assert.Equal(4.0 / 6, accuracy.CalculateAccumulated());
        accuracy.NewPass();
        Assert.Throws<InvalidOperationException>(() => accuracy.CalculateAccumulated());
    }

    [Fact]
    public void BinaryAccuracyComparesElementByElement()
    {
        var accuracy = new CategoricalAccuracy(binary: true);
        var predictions = Matrix.FromArray(new float[,] { { 1, 0 }, { 1, 1 } });
        Assert.Equal(0.75, accuracy.Calculate(predictions, Matrix.FromArray(new float[,] { { 1, 0 }, { 0, 1 } })));
        Assert.Equal(0.5, accuracy.Calculate(Matrix.FromArray(new float[,] { { 1 }, { 1 } }), new[] { 1, 0 }));
        Assert.Equal(4.0 / 6, accuracy.CalculateAccumulated());
    }

    [Fact]
    public void RegressionAccuracyInitialisesPrecisionOnceUnlessReinit()
    {
        var accuracy = new RegressionAccuracy();
        var y = Matrix.FromArray(new float[,] { { 0 }, { 2 } });
        Assert.Throws<InvalidOperationException>(() => accuracy.Calculate(y, y));
        accuracy.Init(y);
        Assert.Equal(1.0 / 250, accuracy.Precision);
        accuracy.Init(Matrix.FromArray(new float[,] { { 0 }, { 4 } }));
        Assert.Equal(1.0 / 250, accuracy.Precision);
        accuracy.Init(Matrix.FromArray(new float[,] { { 0 }, { 4 } }), reinit: true);
        Assert.Equal(2.0 / 250, accuracy.Precision);
        Assert.Equal(0.5, accuracy.Calculate(Matrix.FromArray(new float[,] { { 0.007f }, { 4.009f } }), Matrix.FromArray(new float[,] { { 0 }, { 4 } })));
    }

    [Fact]
    public void MismatchedShapesAreRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CategoricalAccuracy().Calculate(new Matrix(3, 1), new[] { 0, 1 }));
        Assert.Contains("(3, 1)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new CategoricalAccuracy().Calculate(new Matrix(2, 3), new[] { 0, 1 }));
        Assert.Contains("(2, 3)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new CategoricalAccuracy(binary: true).Calculate(new Matrix(2, 1), new Matrix(2, 2)));
        Assert.Contains("(2, 2)", ex.Message);
        Assert.Throws<ArgumentException>(() => new CategoricalAccuracy().Calculate(new Matrix(0, 1), Array.Empty<int>()));
    }

    [Fact]
    public void ExactPathRegressionPrecisionOnFloat64TargetsIsNumPys()
    {
        // np.std(y) / 250 of sine_data's float64 y (NumPy 1.24).
        using var exact = Engine.UsePath(NumericPath.Exact);
        var (_, y) = Nnfs.Datasets.SyntheticData.Sine();
        var accuracy = new RegressionAccuracy();
        accuracy.Init(y);
        Assert.Equal(0.0028284271247461905, accuracy.Precision);
        // Zero predictions are right for y[0] = 0 and y[500] = sin(π) ≈ 1.2e-16; y[1] rounded to float32 is within
        // the precision of the float64 y[1].
        var predictions = new Matrix(1000, 1);
        predictions[1, 0] = y[1, 0];
        Assert.Equal(3.0 / 1000, accuracy.Calculate(predictions, y));
    }
}
