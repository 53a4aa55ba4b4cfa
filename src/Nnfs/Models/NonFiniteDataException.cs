using System.Globalization;

namespace Nnfs.Models;

/// <summary>
/// Training or validation data given to <see cref="Model.Train"/> holds a NaN or an infinity: refused before
/// training, since every step would otherwise end in a <see cref="TrainingDivergedException"/> that blames the learning
/// rate.
/// </summary>
/// <remarks>An <see cref="ArgumentException"/> (the data is an argument of <see cref="Model.Train"/>), so callers that
/// already handle bad arguments handle it too; <see cref="ArgumentException.ParamName"/> is the argument's name.</remarks>
public sealed class NonFiniteDataException : ArgumentException
{
    /// <summary>Creates the exception for the first non-finite value of a data matrix.</summary>
    /// <param name="what">The data, as shown in the message: <c>x</c>, <c>y</c>, <c>validation x</c> or <c>validation y</c>.</param>
    /// <param name="row">The value's row (sample), 0-based.</param>
    /// <param name="column">The value's column (feature or target), 0-based.</param>
    /// <param name="value">The value: NaN, +∞ or −∞.</param>
    /// <param name="paramName">The name of the argument that holds the data.</param>
    public NonFiniteDataException(string what, int row, int column, float value, string? paramName)
        : base(string.Create(CultureInfo.InvariantCulture,
            $"Train: {what} has {Describe(value)} at row {row}, column {column} (0-based); training needs finite numbers, so remove or replace the missing or infinite values."), paramName)
    {
        What = what;
        Row = row;
        Column = column;
        Value = value;
    }

    /// <summary>The data: <c>x</c>, <c>y</c>, <c>validation x</c> or <c>validation y</c>.</summary>
    public string What { get; }

    /// <summary>The value's row (sample), 0-based.</summary>
    public int Row { get; }

    /// <summary>The value's column, 0-based.</summary>
    public int Column { get; }

    /// <summary>The value: NaN, +∞ or −∞.</summary>
    public float Value { get; }

    private static string Describe(float value) =>
        float.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";
}
