using ScottPlot;

namespace Nnfs.Cli.Plots;

/// <summary>One epoch's numbers as plotted by <see cref="TrainingCurves"/>.</summary>
/// <param name="Epoch">The epoch, 1-based.</param>
/// <param name="Loss">Training loss (data + regularization).</param>
/// <param name="Accuracy">Training accuracy.</param>
/// <param name="ValidationLoss">Validation loss, or null when validation did not run.</param>
/// <param name="ValidationAccuracy">Validation accuracy, or null when validation did not run.</param>
internal readonly record struct EpochPoint(int Epoch, double Loss, double Accuracy, double? ValidationLoss, double? ValidationAccuracy);

/// <summary>Loss and accuracy per epoch as PNG line charts (training, and validation when present).</summary>
internal static class TrainingCurves
{
    /// <summary>Default image size in pixels.</summary>
    public const int Width = 800, Height = 500;

    /// <summary>Writes <c>PREFIX-loss.png</c> and <c>PREFIX-accuracy.png</c> and returns their paths.</summary>
    /// <exception cref="ArgumentException">There are no epochs to plot.</exception>
    public static IReadOnlyList<string> Save(IReadOnlyList<EpochPoint> epochs, string prefix, string title)
    {
        if (epochs.Count == 0) throw new ArgumentException("no epochs to plot", nameof(epochs));
        string loss = prefix + "-loss.png", accuracy = prefix + "-accuracy.png";
        SaveOne(epochs, loss, $"{title}: loss", "loss", e => e.Loss, e => e.ValidationLoss);
        SaveOne(epochs, accuracy, $"{title}: accuracy", "accuracy", e => e.Accuracy, e => e.ValidationAccuracy);
        return [loss, accuracy];
    }

    private static void SaveOne(IReadOnlyList<EpochPoint> epochs, string path, string title, string label,
        Func<EpochPoint, double> training, Func<EpochPoint, double?> validation)
    {
        var plot = new Plot();
        double[] xs = [.. epochs.Select(e => (double)e.Epoch)];
        var train = plot.Add.Scatter(xs, epochs.Select(training).ToArray());
        train.LegendText = "training";
        if (epochs.Count > 50) train.MarkerSize = 0;
        var validated = epochs.Where(e => validation(e) is not null).ToArray();
        if (validated.Length > 0)
        {
            var val = plot.Add.Scatter(
                validated.Select(e => (double)e.Epoch).ToArray(), validated.Select(e => validation(e)!.Value).ToArray());
            val.LegendText = "validation";
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(label);
        plot.ShowLegend();
        PlotFiles.Save(plot, path, Width, Height);
    }
}
