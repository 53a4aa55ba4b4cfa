using Nnfs.Playground.Presets;
using Nnfs.Playground.Training;

namespace Nnfs.Playground.Tests.Presets;

public class BookLinesTests
{
    private static MetricSeries Three()
    {
        var metrics = new MetricSeries();
        metrics.Add(1.0986123f, 0, 0.36, 0.05);
        metrics.Add(0.5f, 0.0414, 0.7133333, 0.049);
        metrics.Add(0.25f, 0.125, 0.8876, 0.048);
        return metrics;
    }

    [Theory]
    [InlineData("epoch: 1000, acc: 0.920, loss: 0.211, lr: 0.04", 1000)]
    [InlineData("epoch: 0, acc: 0.360", 0)]
    [InlineData("validation, acc: 0.820, loss: 0.433", null)]
    [InlineData("epoch: x, acc", null)]
    [InlineData("epoch: 12", null)]
    public void TheEpochOfALine(string line, int? epoch) => Assert.Equal(epoch, BookLines.BookEpoch(line));

    [Fact]
    public void TheLoopsCountFromZeroTheModelFromOne()
    {
        Assert.Equal(1001, BookLines.SessionEpoch(1000, BookLineStyle.Plain));
        Assert.Equal(1, BookLines.SessionEpoch(0, BookLineStyle.Regularized));
        Assert.Equal(100, BookLines.SessionEpoch(100, BookLineStyle.Model));
    }

    [Fact]
    public void TheLoopsPrintTheRateBeforeTheEpochsUpdate()
    {
        var metrics = Three();
        Assert.Equal("epoch: 0, acc: 0.360, loss: 1.099, lr: 0.07", BookLines.Training(metrics, 1, BookLineStyle.Plain, 0.07));
        Assert.Equal("epoch: 2, acc: 0.888, loss: 0.250, lr: 0.049", BookLines.Training(metrics, 3, BookLineStyle.Plain, 0.07));
        Assert.Equal("epoch: 1, acc: 0.713, loss: 0.541 (data_loss: 0.500, reg_loss: 0.041), lr: 0.05",
            BookLines.Training(metrics, 2, BookLineStyle.Regularized, 0.07));
    }

    [Fact]
    public void TheModelPrintsTheRateOfTheEpochsOwnUpdate() =>
        Assert.Equal("epoch: 3, acc: 0.888, loss: 0.375 (data_loss: 0.250, reg_loss: 0.125), lr: 0.048",
            BookLines.Training(Three(), 3, BookLineStyle.Model, 0.07));

    [Fact]
    public void EpochsNotReachedAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BookLines.Training(Three(), 4, BookLineStyle.Plain, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BookLines.Training(Three(), 0, BookLineStyle.Plain, 1));
    }

    [Fact]
    public void AValidationLine() =>
        Assert.Equal("validation, acc: 0.820, loss: 0.433", BookLines.Validation(new Validation(5, 0.82, 0.4334)));
}
