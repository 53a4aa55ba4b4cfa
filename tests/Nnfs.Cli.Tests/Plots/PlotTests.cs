using Nnfs.Cli.Commands;
using Nnfs.Cli.Plots;
using Nnfs.Tensors;

namespace Nnfs.Cli.Tests.Plots;

/// <summary>The PNG plots and the confusion matrix.</summary>
public class PlotTests
{
    [Fact]
    public void TrainingCurves_WritesLossAndAccuracyPngs()
    {
        string prefix = Path.Combine(CliRunner.TempFolder(), "sub", "run");
        var epochs = Enumerable.Range(1, 5).Select(e => new EpochPoint(e, 1.0 / e, 1 - 0.5 / e, e == 5 ? 0.3 : null, e == 5 ? 0.8 : null)).ToList();
        var files = TrainingCurves.Save(epochs, prefix, "test");
        Assert.Equal([prefix + "-loss.png", prefix + "-accuracy.png"], files);
        foreach (var f in files) CliRunner.AssertPng(f, TrainingCurves.Width, TrainingCurves.Height);
        Assert.Throws<ArgumentException>(() => TrainingCurves.Save([], prefix, "none"));
    }

    [Fact]
    public void DecisionRegions_ClassifiesTheGridAndWritesAPng()
    {
        var x = Matrix.FromArray(new float[,] { { -1, -1 }, { 1, 1 }, { -1, 1 }, { 1, -1 } });
        int calls = 0;
        string path = Path.Combine(CliRunner.TempFolder(), "regions.png");
        DecisionRegionPlot.Save(x, [0, 1, 0, 1], grid =>
        {
            calls++;
            Assert.Equal(DecisionRegionPlot.Resolution * DecisionRegionPlot.Resolution, grid.Rows);
            var ids = new int[grid.Rows];
            for (int i = 0; i < ids.Length; i++) ids[i] = grid[i, 0] > 0 ? 1 : 0;
            return ids;
        }, path, "regions");
        Assert.Equal(1, calls);
        CliRunner.AssertPng(path, 800, 800);
        Assert.Throws<ArgumentException>(() => DecisionRegionPlot.Save(new Matrix(3, 3), [0, 0, 0], g => new int[g.Rows], path, "3-D"));
    }

    [Fact]
    public void ConfusionMatrix_CountsPairsAndRendersTextAndPng()
    {
        int[] truth = [0, 0, 1, 1, 1, 2];
        int[] predicted = [0, 1, 1, 1, 2, 2];
        var m = new ConfusionMatrix(3, truth, predicted);
        Assert.Equal((1L, 1L, 2L, 1L, 1L), (m[0, 0], m[0, 1], m[1, 1], m[1, 2], m[2, 2]));
        Assert.Equal(0, m[2, 0]);
        Assert.Equal(6, m.Total);
        Assert.Equal(2.0 / 3, m.Recall(1), 12);
        string text = m.ToText(["a", "b", "c"]);
        var lines = text.TrimEnd().Split(Environment.NewLine);
        Assert.Equal(4, lines.Length);
        Assert.Equal(["1", "b", "0", "2", "1", "0.667"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(2, [0, 2], [0, 0]));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(2, [0], [0, 1]));

        string path = Path.Combine(CliRunner.TempFolder(), "cm.png");
        ConfusionMatrixPlot.Save(m, ["a", "b", "c"], path, "cm");
        CliRunner.AssertPng(path, 900, 850);
    }
}
