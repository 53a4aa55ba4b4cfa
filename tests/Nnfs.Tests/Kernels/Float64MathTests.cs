using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Tests.Kernels;

/// <summary>The exact path's float64 steps (<see cref="Float64Math"/>), with values NumPy computes differently in float32.</summary>
public class Float64MathTests
{
    [Fact]
    public void ColumnSumsAddEachColumnInRowOrderInDouble()
    {
        // np.sum(g, axis=0) of this float64 array is [0.0, 4.6]: 0.1 + 0.3 is lost against 1e16 row by row.
        var g = Matrix.FromFloat64(4, 2, [0.1, 0.2, 0.3, 0.4, 1e16, 1.0, -1e16, 3.0]);
        var sums = new Matrix(1, 2);
        Float64Math.ColumnSums(g, sums);
        Assert.Equal([0.0, 0.2 + 0.4 + 1.0 + 3.0], sums.Float64.ToArray());
        Assert.Equal([0f, (float)4.6], sums.Span.ToArray());
    }

    [Fact]
    public void ASingleColumnIsSummedPairwiseLikeNumPy()
    {
        // NumPy's np.sum of these 1000 float64 values is 49952.997; adding them in order gives 49952.99699999996.
        var values = Enumerable.Range(0, 1000).Select(i => i * 0.1 + 1e-3 * (i % 7)).ToArray();
        var sums = new Matrix(1, 1);
        Float64Math.ColumnSums(Matrix.FromFloat64(1000, 1, values), sums);
        Assert.Equal(49952.997, sums.Float64[0]);
        Assert.Equal(49952.997, NumPySum.Sum(values));
        Assert.Equal(49.952997, NumPySum.Mean(values));
    }

    [Fact]
    public void ProductsAndTheRectifiedGradientStayFloat64()
    {
        var x = Matrix.FromArray(new float[,] { { 0.3f, -1f, 0f } });
        var mask = Matrix.FromFloat64(1, 3, [1 / 0.9, 1 / 0.9, 0.0]);
        var product = new Matrix(1, 1);
        Float64Math.Multiply(x, mask, product);
        Assert.Equal([(double)0.3f * (1 / 0.9), -1 / 0.9, 0.0], product.Float64.ToArray());

        var dinputs = new Matrix(1, 1);
        Float64Math.Rectified(x, product, dinputs);
        Assert.Equal([(double)0.3f * (1 / 0.9), 0.0, 0.0], dinputs.Float64.ToArray());
    }

    [Fact]
    public void BiasRegularizationAddsTheFloat32TermInDouble()
    {
        // dbiases += 2 * l2 * biases: the term is float32 (a Python float times a float32 array), the sum float64.
        var gradient = Matrix.FromFloat64(1, 2, [0.1, -0.1]);
        ReadOnlySpan<float> biases = [0.3f, -0.7f];
        Float64Math.AddRegularization(gradient, biases, l1: 0.01f, l2: 5e-4f);
        float twice = 2 * 5e-4f;
        Assert.Equal([0.1 + 0.01f + twice * 0.3f, -0.1 - 0.01f + twice * -0.7f], gradient.Float64.ToArray());
    }
}
