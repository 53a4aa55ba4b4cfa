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
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
                throw new FormatException($"{option}: expected comma-separated positive integers, got '{text}'");
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

    /// <summary>Adds a parser that turns <see cref="FormatException"/>s of <paramref name="parse"/> into parse errors.</summary>
    public static Option<T> WithParser<T>(this Option<T> option, Func<string, T> parse)
    {
        option.CustomParser = result => result.Tokens.Count == 0
            ? option.DefaultValueFactory is { } fallback ? fallback(result) : default!
            : Parse(result, parse);
        return option;
    }

    /// <summary>Adds a check that the value is at least <paramref name="min"/> (or greater, when <paramref name="exclusive"/>).</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, T min, bool exclusive = false) where T : struct, IComparable<T> =>
        Check<T, T>(option, v => v, v => v.CompareTo(min) is var c && (c > 0 || (!exclusive && c == 0)), $"{(exclusive ? ">" : ">=")} {Format(min)}");

    /// <inheritdoc cref="AtLeast{T}(Option{T}, T, bool)"/>
    public static Option<T?> AtLeast<T>(this Option<T?> option, T min, bool exclusive = false) where T : struct, IComparable<T> =>
        Check(option, v => v, v => v.CompareTo(min) is var c && (c > 0 || (!exclusive && c == 0)), $"{(exclusive ? ">" : ">=")} {Format(min)}");

    /// <summary>Adds a check that the value is in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public static Option<T> InHalfOpen<T>(this Option<T> option, T min, T max) where T : struct, IComparable<T> =>
        Check<T, T>(option, v => v, v => v.CompareTo(min) >= 0 && v.CompareTo(max) < 0, $"in [{Format(min)}, {Format(max)})");

    /// <inheritdoc cref="InHalfOpen{T}(Option{T}, T, T)"/>
    public static Option<T?> InHalfOpen<T>(this Option<T?> option, T min, T max) where T : struct, IComparable<T> =>
        Check(option, v => v, v => v.CompareTo(min) >= 0 && v.CompareTo(max) < 0, $"in [{Format(min)}, {Format(max)})");

    private static Option<TOption> Check<TOption, T>(Option<TOption> option, Func<TOption, T?> value, Func<T, bool> valid, string expected)
        where T : struct
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return;
            if (value(result.GetValueOrDefault<TOption>()) is T v && !valid(v))
                result.AddError($"{result.IdentifierToken?.Value ?? option.Name}: expected a value {expected}, got {Format(v)}");
        });
        return option;
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
