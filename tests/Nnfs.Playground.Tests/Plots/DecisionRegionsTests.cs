using Nnfs.Playground.Data;
using Nnfs.Playground.Network;
using Nnfs.Playground.Plots;
using Nnfs.Playground.Training;
using Nnfs.Tensors;

namespace Nnfs.Playground.Tests.Plots;

public class DecisionRegionsTests
{
    [Fact]
    public void CellsCentreOnTheGridRowByRowFromTheTopLeft()
    {
        var session = new TrainingSession(PlaygroundSettings.Default);
        var regions = new DecisionRegions(session, resolution: 4);
        var d = session.Data;
        float w = (d.MaxX - d.MinX) / 4, h = (d.MaxY - d.MinY) / 4;
        Assert.Equal(d.MinX + w / 2, regions.Grid[0, 0], 5);
        Assert.Equal(d.MaxY - h / 2, regions.Grid[0, 1], 5);
        Assert.Equal(d.MinX + 3.5f * w, regions.Grid[7, 0], 5);
        Assert.Equal(d.MaxY - 1.5f * h, regions.Grid[7, 1], 5);
    }

    [Fact]
    public void EachCellHoldsTheWinningClassAndItsProbability()
    {
        var session = new TrainingSession(PlaygroundSettings.Default);
        session.Advance(300);
        var regions = new DecisionRegions(session, resolution: 20);
        regions.Compute();
        var predicted = session.Model.Predict(regions.Grid);
        for (int cell = 0; cell < 400; cell++)
        {
            var row = predicted.Row(cell);
            int best = row.IndexOf(row.ToArray().Max());
            Assert.Equal(best, regions.Cells[2 * cell]);
            Assert.Equal((byte)MathF.Round(255 * row[best]), regions.Cells[2 * cell + 1]);
        }
        Assert.True(regions.Cells.Where((_, i) => i % 2 == 0).Distinct().Count() == 3, "after 300 epochs every class has a region");
    }

    [Fact]
    public void OneSigmoidOutputIsClassOneAboveOneHalf()
    {
        var settings = new PlaygroundSettings(new DataSetChoice(Classes: 2), new NetworkChoice([new LayerChoice()], ActivationKind.Sigmoid),
            new OptimizerChoice(LearningRate: 0.01));
        var session = new TrainingSession(settings);
        session.Advance(200);
        var regions = new DecisionRegions(session, resolution: 10);
        regions.Compute();
        var p = session.Model.Predict(regions.Grid);
        for (int cell = 0; cell < 100; cell++)
        {
            Assert.Equal(p[cell, 0] > 0.5f ? 1 : 0, regions.Cells[2 * cell]);
            Assert.Equal((byte)MathF.Round(255 * MathF.Max(p[cell, 0], 1 - p[cell, 0])), regions.Cells[2 * cell + 1]);
        }
    }

    [Fact]
    public void ARedrawAllocatesNothingOnceTheLayersHaveGrownToTheGrid()
    {
        var session = new TrainingSession(PlaygroundSettings.Default);
        session.Advance(2);
        var regions = new DecisionRegions(session);
        SteadyState.AssertAllocatesNothing(regions.Compute, "DecisionRegions.Compute");
    }

    [Fact]
    public void RegressionAndBadResolutionsAreRefused()
    {
        var sine = new TrainingSession(new PlaygroundSettings(new DataSetChoice(DataSetKind.Sine), new NetworkChoice([new LayerChoice()], ActivationKind.Linear), new OptimizerChoice()));
        Assert.Throws<ArgumentException>(() => new DecisionRegions(sine));
        var session = new TrainingSession(PlaygroundSettings.Default);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionRegions(session, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionRegions(session, 201));
    }
}
