using System.Globalization;

namespace Nnfs.Cli.Commands;

/// <summary>One prediction printed by <c>nnfs predict</c>.</summary>
/// <param name="Source">The file, with <c>:row</c> (1-based data row) for CSV rows.</param>
/// <param name="Label">The predicted label name, or the predicted value for regression.</param>
/// <param name="Confidence">The predicted class's softmax output, or null for regression.</param>
/// <param name="Note">Extra information (e.g. <c>inverted</c>, the true label), or null.</param>
internal readonly record struct Prediction(string Source, string Label, double? Confidence, string? Note)
{
    /// <summary><c>source: label (0.918)</c>, with the note after the confidence.</summary>
    public override string ToString()
    {
        string detail = string.Join(", ", new[] { Confidence?.ToString("0.000", CultureInfo.InvariantCulture), Note }.Where(s => s is not null));
        return detail.Length > 0 ? $"{Source}: {Label} ({detail})" : $"{Source}: {Label}";
    }
}
