using System.Globalization;
using Nnfs.Inference;

namespace Nnfs.Cli.Commands;

/// <summary>One sample's prediction printed by <c>nnfs predict</c>.</summary>
/// <param name="Source">The file, with <c>:row</c> (1-based data row) for CSV rows.</param>
/// <param name="Top">A classifier's most probable classes, most probable first; null for regression.</param>
/// <param name="Values">A regression model's outputs; null for a classifier.</param>
/// <param name="Inverted">Whether the image was inverted (dark object on a light background).</param>
/// <param name="Truth">The true label of a labelled CSV row (its class name, or the value), or null.</param>
internal sealed record Prediction(string Source, IReadOnlyList<ClassScore>? Top, float[]? Values, bool Inverted, string? Truth)
{
    /// <summary>The predicted class's name, or the predicted values for regression.</summary>
    public string Label => Top is { } top ? top[0].Name : string.Join(", ", Values!.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));

    /// <summary>The predicted class's probability, or null for regression.</summary>
    public double? Confidence => Top?[0].Probability;

    /// <summary>What follows the label in parentheses: <c>inverted</c> and <c>true: …</c>, or null.</summary>
    public string? Note => string.Join(", ", new[] { Inverted ? "inverted" : null, Truth is null ? null : $"true: {Truth}" }
        .Where(s => s is not null)) is { Length: > 0 } note ? note : null;

    /// <summary>
    /// <c>source: label (0.918)</c>, with the note after the probability; with more than one class,
    /// <c>; next: Shirt (0.051), Pullover (0.020)</c> follows.
    /// </summary>
    public override string ToString()
    {
        string detail = string.Join(", ", new[] { Confidence?.ToString("0.000", CultureInfo.InvariantCulture), Note }.Where(s => s is not null));
        string line = detail.Length > 0 ? $"{Source}: {Label} ({detail})" : $"{Source}: {Label}";
        if (Top is { Count: > 1 } top)
            line += "; next: " + string.Join(", ", top.Skip(1).Select(s => $"{s.Name} ({s.Probability.ToString("0.000", CultureInfo.InvariantCulture)})"));
        return line;
    }
}
