using System.Globalization;
using Nnfs.Cli.Commands;
using ScottPlot;

namespace Nnfs.Cli.Plots;

/// <summary>A confusion matrix as a PNG heatmap: one cell per (true, predicted) pair, shaded by its share of the row.</summary>
internal static class ConfusionMatrixPlot
{
    /// <summary>Writes the heatmap to <paramref name="path"/>.</summary>
    public static void Save(ConfusionMatrix matrix, IReadOnlyList<string> names, string path, string title)
    {
        int n = matrix.Classes;
        var plot = new Plot();
        var low = Colors.White;
        var high = Color.FromHex("#1f4e9c");
        for (int t = 0; t < n; t++)
        {
            long rowTotal = Math.Max(1, matrix.RowTotal(t));
            double y = n - 1 - t;
            for (int p = 0; p < n; p++)
            {
                double share = (double)matrix[t, p] / rowTotal;
                var cell = plot.Add.Rectangle(p - 0.5, p + 0.5, y - 0.5, y + 0.5);
                cell.FillColor = low.MixedWith(high, share);
                cell.LineColor = Colors.LightGray;
                var text = plot.Add.Text(matrix[t, p].ToString(CultureInfo.InvariantCulture), p, y);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = n > 12 ? 9 : 13;
                text.LabelFontColor = share > 0.5 ? Colors.White : Colors.Black;
            }
        }
        double[] positions = [.. Enumerable.Range(0, n).Select(i => (double)i)];
        plot.Axes.Bottom.SetTicks(positions, [.. Enumerable.Range(0, n).Select(i => names[i])]);
        plot.Axes.Left.SetTicks([.. positions.Select(p => n - 1 - p)], [.. Enumerable.Range(0, n).Select(i => names[i])]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = n > 10 ? 9 : 11;
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        plot.Title(title);
        plot.XLabel("predicted");
        plot.YLabel("true");
        PlotFiles.Save(plot, path, 900, 850);
    }
}
