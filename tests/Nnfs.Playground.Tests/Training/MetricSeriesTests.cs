using Nnfs.Playground.Training;

namespace Nnfs.Playground.Tests.Training;

public class MetricSeriesTests
{
    private static MetricSeries Filled(int count)
    {
        var series = new MetricSeries(capacity: 16);
        for (int i = 0; i < count; i++) series.Add(i, 0.5, i / 100.0, 1.0 / (i + 1));
        return series;
    }

    [Fact]
    public void GrowsPastItsCapacityKeepingEveryEpoch()
    {
        var series = Filled(100);
        Assert.Equal(100, series.Count);
        Assert.Equal(99f, series.DataLoss[99]);
        Assert.Equal(0.5, series.RegularizationLoss[17]);
        Assert.Equal(0.42, series.Accuracy[42]);
        Assert.Equal(1.0 / 31, series.LearningRate[30]);
        Assert.Equal(99.5, series.Loss(99));
        Assert.Throws<ArgumentOutOfRangeException>(() => series.Loss(100));
    }

    [Fact]
    public void APlotKeepsTheFirstAndLastEpochsEvenlySpacedBetween()
    {
        var plot = Filled(1001).ForPlot(11);
        Assert.Equal(44, plot.Length);
        Assert.Equal([1f, 101, 201, 301, 401, 501, 601, 701, 801, 901, 1001], Enumerable.Range(0, 11).Select(p => plot[4 * p]));
        Assert.Equal((1000.5f, 10f, 1f / 1001), (plot[41], plot[42], plot[43]));
        Assert.Equal(12, Filled(3).ForPlot(500).Length);
        Assert.Empty(new MetricSeries().ForPlot(2));
    }
}
