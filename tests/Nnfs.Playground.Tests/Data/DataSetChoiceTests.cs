using Nnfs.Datasets;
using Nnfs.Playground.Data;
using Nnfs.Randomness;

namespace Nnfs.Playground.Tests.Data;

public class DataSetChoiceTests
{
    [Theory]
    [InlineData(DataSetKind.Spiral)]
    [InlineData(DataSetKind.Vertical)]
    public void WithoutNoiseTheClassificationDataIsTheLibrarysBitForBit(DataSetKind kind)
    {
        var data = new DataSetChoice(kind, Samples: 50, Classes: 4).Generate(new RandomState(7));
        var (x, y) = kind == DataSetKind.Spiral
            ? SyntheticData.Spiral(50, 4, new RandomState(7))
            : SyntheticData.Vertical(50, 4, new RandomState(7));
        Assert.Equal(x.Span.ToArray(), data.X.Span.ToArray());
        Assert.Equal(y, data.Labels);
        Assert.Equal(4, data.Classes);
        Assert.False(data.IsRegression);
    }

    [Fact]
    public void TheSineIsTheLibrarysWithItsFloat64Values()
    {
        var data = new DataSetChoice(DataSetKind.Sine, Samples: 300).Generate(new RandomState(0));
        var (x, y) = SyntheticData.Sine(300);
        Assert.True(data.IsRegression);
        Assert.Equal(0, data.Classes);
        Assert.Equal(x.Float64.ToArray(), data.X.Float64.ToArray());
        Assert.Equal(y.Float64.ToArray(), data.Values!.Float64.ToArray());
    }

    [Fact]
    public void NoiseMovesEveryCoordinateByAGaussianOfTheGivenSpread()
    {
        var clean = new DataSetChoice(Samples: 2000, Classes: 3).Generate(new RandomState(1));
        var noisy = new DataSetChoice(Samples: 2000, Classes: 3, Noise: 0.3).Generate(new RandomState(1));
        Assert.Equal(clean.Labels, noisy.Labels);
        var shifts = clean.X.Span.ToArray().Zip(noisy.X.Span.ToArray(), (a, b) => (double)b - a).ToArray();
        double mean = shifts.Average();
        double spread = Math.Sqrt(shifts.Select(s => (s - mean) * (s - mean)).Average());
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(spread, 0.28, 0.32);
    }

    [Fact]
    public void NoiseOnTheSineMovesTheTargetsOnly()
    {
        var clean = new DataSetChoice(DataSetKind.Sine, Samples: 2000).Generate(new RandomState(1));
        var noisy = new DataSetChoice(DataSetKind.Sine, Samples: 2000, Noise: 0.1).Generate(new RandomState(1));
        Assert.Equal(clean.X.Float64.ToArray(), noisy.X.Float64.ToArray());
        var shifts = clean.Values!.Float64.ToArray().Zip(noisy.Values!.Float64.ToArray(), (a, b) => b - a).ToArray();
        Assert.InRange(Math.Sqrt(shifts.Select(s => s * s).Average()), 0.09, 0.11);
    }

    [Theory]
    [InlineData(DataSetKind.Spiral, 0, 3, 0.0, "Samples must be between 1 and 5000, got 0.")]
    [InlineData(DataSetKind.Spiral, 5001, 3, 0.0, "Samples must be between 1 and 5000, got 5001.")]
    [InlineData(DataSetKind.Spiral, 100, 1, 0.0, "Classes must be between 2 and 7, got 1.")]
    [InlineData(DataSetKind.Vertical, 100, 8, 0.0, "Classes must be between 2 and 7, got 8.")]
    [InlineData(DataSetKind.Spiral, 5000, 3, 0.0, "Samples × classes = 15000 rows is more than the 10000 allowed.")]
    [InlineData(DataSetKind.Spiral, 100, 3, -0.1, "Noise must be between 0 and 1, got -0.1.")]
    [InlineData(DataSetKind.Sine, 100, 3, double.NaN, "Noise must be between 0 and 1, got NaN.")]
    [InlineData((DataSetKind)9, 100, 3, 0.0, "Unknown data set 9.")]
    public void BadChoicesAreNamedAndRefused(DataSetKind kind, int samples, int classes, double noise, string problem)
    {
        var choice = new DataSetChoice(kind, samples, classes, noise);
        Assert.Equal([problem], choice.Problems());
        var e = Assert.Throws<ArgumentException>(() => choice.Generate(new RandomState(0)));
        Assert.Equal($"Data set: {problem}", e.Message);
    }

    [Fact]
    public void TheSineIgnoresTheClassCount()
    {
        Assert.Empty(new DataSetChoice(DataSetKind.Sine, Samples: 1000, Classes: 0).Problems());
        Assert.Equal(0, new DataSetChoice(DataSetKind.Sine, Classes: 5).ClassCount);
    }
}
