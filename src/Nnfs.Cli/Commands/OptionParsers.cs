using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Nnfs.Cli.Commands;

/// <summary>What to validate on during training (<c>--validation</c>).</summary>
/// <param name="Kind">Test set, none, or a held-out fraction of the training set.</param>
/// <param name="Fraction">The held-out fraction for <see cref="ValidationKind.Fraction"/>, in (0, 1).</param>
internal readonly record struct ValidationChoice(ValidationKind Kind, double Fraction = 0)
{
    /// <summary>Text form as the user would type it.</summary>
    public override string ToString() => Kind switch
    {
        ValidationKind.Test => "test",
        ValidationKind.None => "none",
        _ => Fraction.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Kinds of <see cref="ValidationChoice"/>.</summary>
internal enum ValidationKind
{
    /// <summary>The data set's test set (the book's choice in chapter 19).</summary>
    Test,

    /// <summary>No validation.</summary>
    None,

    /// <summary>A seeded random fraction of the training set, held out.</summary>
    Fraction,
}

/// <summary>Parses option values that System.CommandLine cannot, with messages naming the option and the text.</summary>
internal static class OptionParsers
{
    /// <summary>The largest hidden layer size <c>--hidden</c> accepts (a 784 × 65536 layer with Adam's state is ~0.8 GB).</summary>
    public const int MaxLayerSize = 65536;

    /// <summary>
    /// <c>--hidden</c>: comma-separated positive layer sizes such as <c>128,128</c>; <c>none</c> (or an empty value)
    /// means no hidden layer.
    /// </summary>
    /// <exception cref="FormatException">The text is not such a list.</exception>
    public static int[] HiddenSizes(string text, string option = "--hidden")
    {
        string trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
        var parts = trimmed.Split(',');
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1
                || sizes[i] > MaxLayerSize)
                throw new FormatException($"{option}: expected comma-separated sizes from 1 to {MaxLayerSize}, or 'none', got '{text}'");
        }
        return sizes;
    }

    /// <summary><c>--validation</c>: <c>test</c>, <c>none</c>, or a fraction in (0, 1) such as <c>0.1</c>.</summary>
    /// <exception cref="FormatException">Anything else.</exception>
    public static ValidationChoice Validation(string text, string option = "--validation")
    {
        string t = text.Trim();
        if (t.Equals("test", StringComparison.OrdinalIgnoreCase)) return new(ValidationKind.Test);
        if (t.Equals("none", StringComparison.OrdinalIgnoreCase)) return new(ValidationKind.None);
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f > 0 && f < 1)
            return new(ValidationKind.Fraction, f);
        throw new FormatException($"{option}: expected 'test', 'none' or a fraction between 0 and 1 (exclusive), got '{text}'");
    }

    /// <summary>
    /// Adds a parser that turns <see cref="FormatException"/>s of <paramref name="parse"/> into parse errors (one line:
    /// the option, what it expects and the text given).
    /// </summary>
    public static Option<T> WithParser<T>(this Option<T> option, Func<string, T> parse)
    {
        option.CustomParser = result => result.Tokens.Count == 0
            ? option.DefaultValueFactory is { } fallback ? fallback(result) : default!
            : Parse(result, parse);
        return option;
    }

    /// <summary>
    /// Parses the option's value as a whole number in [<paramref name="min"/>, <paramref name="max"/>] (invariant
    /// culture, optional sign); anything else is a parse error naming the option and the text.
    /// </summary>
    public static Option<int?> WholeNumber(this Option<int?> option, int min, int max = int.MaxValue) =>
        option.WithParser(t => (int?)(int)Integer(t, option.Name, min, max));

    /// <inheritdoc cref="WholeNumber(Option{int?}, int, int)"/>
    public static Option<int> WholeNumber(this Option<int> option, int min, int max = int.MaxValue) =>
        option.WithParser(t => (int)Integer(t, option.Name, min, max));

    /// <summary>Parses the option's value as a whole number in [0, 2³² − 1] (a seed).</summary>
    public static Option<uint> Unsigned(this Option<uint> option) =>
        option.WithParser(t => (uint)Integer(t, option.Name, 0, uint.MaxValue));

    /// <summary>
    /// Parses the option's value as a finite number (invariant culture: <c>0.001</c>, <c>1e-3</c>) at least
    /// <paramref name="min"/> (greater, when <paramref name="exclusiveMin"/>) and below <paramref name="below"/> when
    /// given; anything else is a parse error naming the option and the text.
    /// </summary>
    public static Option<double?> Number(this Option<double?> option, double min, bool exclusiveMin = false, double? below = null) =>
        option.WithParser(t => (double?)Real(t, option.Name, min, exclusiveMin, below));

    /// <inheritdoc cref="Number(Option{double?}, double, bool, double?)"/>
    public static Option<double> Number(this Option<double> option, double min, bool exclusiveMin = false, double? below = null) =>
        option.WithParser(t => Real(t, option.Name, min, exclusiveMin, below));

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or a <see cref="FormatException"/>
    /// naming <paramref name="option"/> and <paramref name="text"/>.</summary>
    public static long Integer(string text, string option, long min, long max)
    {
        string expected = max == int.MaxValue ? $"a whole number >= {min}" : $"a whole number from {min} to {max}";
        string t = text.Trim();
        bool parsed = long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value);
        if (parsed && value >= min && value <= max) return value;
        bool tooLarge = parsed ? value > max : t.Length > 0 && t.TrimStart('+').Length > 0 && t.TrimStart('+').All(char.IsAsciiDigit);
        throw new FormatException($"{option}: expected {expected}, got '{text}'{(tooLarge ? " (too large)" : "")}");
    }

    /// <summary>A finite number in the given range, or a <see cref="FormatException"/> naming <paramref name="option"/>
    /// and <paramref name="text"/>.</summary>
    public static double Real(string text, string option, double min, bool exclusiveMin, double? below)
    {
        string range = below is double b
            ? $"in {(exclusiveMin ? "(" : "[")}{Format(min)}, {Format(b)})"
            : $"{(exclusiveMin ? ">" : ">=")} {Format(min)}";
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new FormatException($"{option}: expected a number {range}, got '{text}'");
        if (value < min || (exclusiveMin && value == min) || (below is double limit && value >= limit))
            throw new FormatException($"{option}: expected a number {range}, got '{text}'");
        return value;
    }

    private static T Parse<T>(ArgumentResult result, Func<string, T> parse)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return default!;
        }
    }

    private static string Format<T>(T value) => value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : $"{value}";
}
