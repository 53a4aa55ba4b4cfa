namespace Nnfs.Cli.Commands;

/// <summary>How <c>nnfs predict</c> prints its predictions (<c>--format</c>).</summary>
internal enum PredictionFormat
{
    /// <summary>One line per sample: <c>source: label (0.918)</c>, then the next classes with <c>--top</c>.</summary>
    Text,

    /// <summary>One JSON array with an object per sample and its top classes with their probabilities.</summary>
    Json,

    /// <summary>CSV with a header and one row per sample and ranked class (or per output for regression).</summary>
    Csv,
}
