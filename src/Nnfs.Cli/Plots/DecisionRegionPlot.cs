using Nnfs.Tensors;
using ScottPlot;

namespace Nnfs.Cli.Plots;

/// <summary>
/// The decision regions of a classifier on 2-D inputs: the predicted class over a grid covering the data, shaded, with
/// the samples drawn on top in their true class's colour.
/// </summary>
internal static class DecisionRegionPlot
{
    /// <summary>Grid cells per side.</summary>
    public const int Resolution = 150;

    /// <summary>Writes the picture to <paramref name="path"/>.</summary>
    /// <param name="x">Samples, n × 2.</param>
    /// <param name="classes">True class of each sample.</param>
    /// <param name="classify">Predicts the class of each row of an m × 2 matrix.</param>
    /// <param name="path">PNG file.</param>
    /// <param name="title">Plot title.</param>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have 2 columns.</exception>
    public static void Save(Matrix x, ReadOnlySpan<int> classes, Func<Matrix, int[]> classify, string path, string title)
    {
        if (x.Columns != 2) throw new ArgumentException($"decision regions need 2-D inputs, got {x.Rows}×{x.Columns}", nameof(x));
        if (classes.Length != x.Rows) throw new ArgumentException($"{x.Rows} samples but {classes.Length} classes", nameof(classes));
        var (minX, maxX) = Range(x, 0);
        var (minY, maxY) = Range(x, 1);

        var grid = new Matrix(Resolution * Resolution, 2);
        double dx = (maxX - minX) / Resolution, dy = (maxY - minY) / Resolution;
        for (int r = 0; r < Resolution; r++)
            for (int c = 0; c < Resolution; c++)
            {
                var row = grid.Row(r * Resolution + c);
                row[0] = (float)(minX + (c + 0.5) * dx);
                row[1] = (float)(maxY - (r + 0.5) * dy);
            }
        int[] predicted = classify(grid);

        var palette = new ScottPlot.Palettes.Category10();
        var plot = new Plot();
        int classCount = Math.Max(classes.Length == 0 ? 0 : MaxOf(classes), predicted.Length == 0 ? 0 : MaxOf(predicted)) + 1;
        var regions = new double[Resolution, Resolution];
        for (int r = 0; r < Resolution; r++)
            for (int c = 0; c < Resolution; c++)
                regions[r, c] = predicted[r * Resolution + c];
        var image = plot.Add.Heatmap(regions);
        image.Colormap = new ClassColormap(palette, classCount);
        image.ManualRange = new ScottPlot.Range(0, Math.Max(1, classCount - 1));
        image.Extent = new CoordinateRect(minX, maxX, minY, maxY);

        for (int k = 0; k < classCount; k++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < x.Rows; i++)
                if (classes[i] == k) { xs.Add(x[i, 0]); ys.Add(x[i, 1]); }
            if (xs.Count == 0) continue;
            var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
            points.Color = palette.GetColor(k);
            points.MarkerSize = 4;
            points.LegendText = $"class {k}";
        }
        plot.Axes.SetLimits(minX, maxX, minY, maxY);
        plot.Title(title);
        plot.ShowLegend();
        PlotFiles.Save(plot, path, 800, 800);
    }

    private static (double Min, double Max) Range(Matrix x, int column)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (int i = 0; i < x.Rows; i++) { min = Math.Min(min, x[i, column]); max = Math.Max(max, x[i, column]); }
        if (x.Rows == 0) (min, max) = (-1, 1);
        double pad = Math.Max(1e-3, (max - min) * 0.05);
        return (min - pad, max + pad);
    }

    private static int MaxOf(ReadOnlySpan<int> values)
    {
        int max = 0;
        foreach (int v in values) max = Math.Max(max, v);
        return max;
    }

    /// <summary>Maps a normalized class id back to the class's palette colour, lightened for the background.</summary>
    private sealed class ClassColormap(IPalette palette, int classes) : IColormap
    {
        public string Name => "classes";

        public Color GetColor(double normalizedIntensity)
        {
            int k = (int)Math.Round(normalizedIntensity * Math.Max(1, classes - 1));
            return palette.GetColor(Math.Clamp(k, 0, Math.Max(0, classes - 1))).MixedWith(Colors.White, 0.65);
        }
    }
}
