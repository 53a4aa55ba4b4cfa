using System.Globalization;
using Nnfs.Formatting;
using Nnfs.Playground.Training;

namespace Nnfs.Playground.Presets;

/// <summary>The book's printed training and validation lines: which epoch a line belongs to, and the same line
/// printed from a live session, so that the page can show the book's numbers beside the live ones.</summary>
public static class BookLines
{
    /// <summary>The book's epoch number of a training line (<c>epoch: E, …</c>), or null when the line is not one.</summary>
    public static int? BookEpoch(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith("epoch: ", StringComparison.Ordinal)) return null;
        int comma = line.IndexOf(',', StringComparison.Ordinal);
        return comma > 7 && int.TryParse(line.AsSpan(7, comma - 7), NumberStyles.None, CultureInfo.InvariantCulture, out int epoch)
            ? epoch
            : null;
    }

    /// <summary>The session's epoch count (steps done) after which the book printed its epoch <paramref name="bookEpoch"/>:
    /// <c>bookEpoch + 1</c> for the chapter 10–17 loops (which count from 0), <paramref name="bookEpoch"/> for chapter 18.</summary>
    public static int SessionEpoch(int bookEpoch, BookLineStyle style) => style == BookLineStyle.Model ? bookEpoch : bookEpoch + 1;

    /// <summary>
    /// The line the book would print for the session's epoch <paramref name="epoch"/> (1-based: the metrics of the
    /// <paramref name="epoch"/>-th step), in <paramref name="style"/>, with Python's formatting (<see cref="PythonFormat"/>).
    /// </summary>
    /// <param name="metrics">The session's metrics.</param>
    /// <param name="epoch">The session's epoch, 1 to <see cref="MetricSeries.Count"/>.</param>
    /// <param name="style">How the book prints the line.</param>
    /// <param name="initialLearningRate">The optimizer's initial rate (what the loops print at their epoch 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">The session has not reached <paramref name="epoch"/>.</exception>
    public static string Training(MetricSeries metrics, int epoch, BookLineStyle style, double initialLearningRate)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(epoch, metrics.Count);
        int i = epoch - 1;
        int bookEpoch = style == BookLineStyle.Model ? epoch : epoch - 1;
        string accuracy = PythonFormat.Fixed(metrics.Accuracy[i], 3);
        // The chapter 10-17 loops print the rate before the epoch's update (the previous update's; the initial one at
        // epoch 0), chapter 18 after it (the epoch's own).
        double rate = style == BookLineStyle.Model ? metrics.LearningRate[i] : i > 0 ? metrics.LearningRate[i - 1] : initialLearningRate;
        string lr = PythonFormat.Repr(rate);
        if (style == BookLineStyle.Plain)
            return $"epoch: {bookEpoch}, acc: {accuracy}, loss: {PythonFormat.Fixed(metrics.DataLoss[i], 3)}, lr: {lr}";
        return $"epoch: {bookEpoch}, acc: {accuracy}, loss: {PythonFormat.Fixed(metrics.Loss(i), 3)} " +
               $"(data_loss: {PythonFormat.Fixed(metrics.DataLoss[i], 3)}, reg_loss: {PythonFormat.Fixed(metrics.RegularizationLoss[i], 3)}), lr: {lr}";
    }

    /// <summary>The book's validation line for <paramref name="validation"/>: <c>validation, acc: A, loss: L</c>.</summary>
    public static string Validation(Validation validation) =>
        $"validation, acc: {PythonFormat.Fixed(validation.Accuracy, 3)}, loss: {PythonFormat.Fixed(validation.Loss, 3)}";
}
