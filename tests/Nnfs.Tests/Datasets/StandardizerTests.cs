using Nnfs.Datasets;
using Nnfs.Tensors;

namespace Nnfs.Tests.Datasets;

public class StandardizerTests
{
    [Fact]
    public void FitsOnTrainAndAppliesTheSameStatisticsElsewhere()
    {
        var train = Matrix.FromArray(new float[,] { { 1, 10, 5 }, { 3, 20, 5 }, { 5, 60, 5 } });
        var s = Standardizer.Fit(train);
        // Reference: plain double formulas (population std, ddof = 0).
        for (int c = 0; c < 3; c++)
        {
            double mean = Enumerable.Range(0, 3).Average(r => (double)train[r, c]);
            double std = Math.Sqrt(Enumerable.Range(0, 3).Average(r => Math.Pow(train[r, c] - mean, 2)));
            Assert.Equal((float)mean, s.Mean[c]);
            Assert.Equal(std == 0 ? 1f : (float)std, s.Std[c]);
        }
        var t = s.Transform(train);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(0, Enumerable.Range(0, 3).Average(r => (double)t[r, c]), 6);
            Assert.Equal(1, Math.Sqrt(Enumerable.Range(0, 3).Average(r => (double)t[r, c] * t[r, c])), 6);
        }
        Assert.All(Enumerable.Range(0, 3), r => Assert.Equal(0f, t[r, 2]));

        var test = Matrix.FromArray(new float[,] { { 3, 30, 6 } });
        var tt = s.Transform(test);
        Assert.Equal((3 - s.Mean[0]) / s.Std[0], tt[0, 0]);
        Assert.Equal((30 - s.Mean[1]) / s.Std[1], tt[0, 1]);
        Assert.Equal(3f, test[0, 0]);

        s.InverseTransformInPlace(tt);
        Assert.Equal(30f, tt[0, 1], 4);
    }

    [Fact]
    public void ShapeAndStatisticsErrors()
    {
        var s = Standardizer.FromStatistics([0f, 1f], [1f, 2f]);
        var ex = Assert.Throws<ArgumentException>(() => s.Transform(new Matrix(1, 3)));
        Assert.Contains("fitted on 2 columns but the data (1, 3) has 3", ex.Message);
        Assert.Throws<ArgumentException>(() => Standardizer.FromStatistics([0f], [0f]));
        Assert.Throws<ArgumentException>(() => Standardizer.Fit(new Matrix(0, 2)));
    }
}
