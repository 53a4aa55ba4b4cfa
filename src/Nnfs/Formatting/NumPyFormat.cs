using System.Globalization;
using System.Text;
using Nnfs.Tensors;

namespace Nnfs.Formatting;

/// <summary>
/// Prints 2-D arrays the way NumPy 1.24's <c>print(array)</c> does with default print options, so that the book's
/// chapter outputs (<c>print(dense1.output[:5])</c>, gradients, …) can be reproduced.
/// </summary>
/// <remarks>
/// Floats use NumPy's "maxprec" mode with precision 8: each value gets its shortest round-trip digits (float32 or
/// double, by element type), cut to at most 8 fractional digits. Scientific notation is used for the whole array when
/// some non-zero |x| &lt; 1e-4, the largest |x| ≥ 1e8, or the ratio of the largest to the smallest non-zero |x|
/// exceeds 1000; then every value gets as many mantissa digits as the longest one. Columns are aligned on the
/// decimal point, elements are separated by a space and rows wrap at 75 characters.
/// </remarks>
public static class NumPyFormat
{
    private const int Precision = 8;
    private const int LineWidth = 75;

    /// <summary>A float32 matrix, as NumPy prints a float32 array.</summary>
    public static string Array(Matrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var values = new double[matrix.Length];
        var span = matrix.Span;
        for (var i = 0; i < values.Length; i++) values[i] = span[i];
        return FloatArray(values, matrix.Rows, matrix.Columns, float32: true);
    }

    /// <summary>A float64 array, as NumPy prints a float64 array.</summary>
    public static string Array(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var flat = new double[values.Length];
        var i = 0;
        foreach (var v in values) flat[i++] = v;
        return FloatArray(flat, values.GetLength(0), values.GetLength(1), float32: false);
    }

    /// <summary>An integer array, as NumPy prints an int64 array (right-aligned to the widest value).</summary>
    public static string Array(long[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = new string[values.Length];
        var i = 0;
        foreach (var v in values) texts[i++] = v.ToString(CultureInfo.InvariantCulture);
        var width = texts.Length == 0 ? 0 : texts.Max(t => t.Length);
        return Layout(texts.Select(t => t.PadLeft(width)).ToArray(), values.GetLength(0), values.GetLength(1));
    }

    private static string FloatArray(double[] values, int rows, int columns, bool float32)
    {
        var finite = values.Where(double.IsFinite).Select(Math.Abs).Where(v => v != 0).ToArray();
        var scientific = false;
        if (finite.Length > 0)
        {
            double max = finite.Max(), min = finite.Min();
            var ratio = float32 ? (double)((float)max / (float)min) : max / min;
            scientific = max >= 1e8 || min < 1e-4 || ratio > 1000;
        }
        var texts = scientific ? FormatScientific(values, float32) : FormatPositional(values, float32);
        return Layout(texts, rows, columns);
    }

    private static (bool Negative, string Digits, int Point) Shortest(double value, bool float32) =>
        PythonFormat.ShortestDigits(float32
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture));

    private static string[] FormatPositional(double[] values, bool float32)
    {
        var parts = new (string Integer, string Fraction)[values.Length];
        for (var i = 0; i < values.Length; i++) parts[i] = PositionalParts(values[i], float32);
        var padLeft = parts.Length == 0 ? 0 : parts.Max(p => p.Integer.Length);
        var padRight = parts.Length == 0 ? 0 : parts.Max(p => p.Fraction.Length);
        var texts = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                texts[i] = Special(values[i]).PadLeft(padLeft + padRight + 1);
                continue;
            }
            texts[i] = parts[i].Integer.PadLeft(padLeft) + "." + parts[i].Fraction.PadRight(padRight);
        }
        return texts;
    }

    private static (string Integer, string Fraction) PositionalParts(double value, bool float32)
    {
        if (!double.IsFinite(value)) return ("", "");
        var sign = double.IsNegative(value) ? "-" : "";
        if (value == 0) return (sign + "0", "");
        var (_, digits, point) = Shortest(value, float32);
        if (digits.Length - point > Precision)
        {
            var rounded = PythonFormat.RoundScaled(Math.Abs(value), Precision)
                .ToString(CultureInfo.InvariantCulture).PadLeft(Precision + 1, '0');
            return (sign + rounded[..^Precision], rounded[^Precision..].TrimEnd('0'));
        }
        if (point <= 0) return (sign + "0", new string('0', -point) + digits);
        if (point >= digits.Length) return (sign + digits + new string('0', point - digits.Length), "");
        return (sign + digits[..point], digits[point..]);
    }

    private static string[] FormatScientific(double[] values, bool float32)
    {
        var parts = new (string Integer, string Fraction, int Exponent)[values.Length];
        for (var i = 0; i < values.Length; i++) parts[i] = ScientificParts(values[i], float32);
        var finite = Enumerable.Range(0, values.Length).Where(i => double.IsFinite(values[i])).ToArray();
        var precision = finite.Length == 0 ? 0 : finite.Max(i => parts[i].Fraction.Length);
        var exponentDigits = Math.Max(2, finite.Length == 0 ? 0 :
            finite.Max(i => Math.Abs(parts[i].Exponent).ToString(CultureInfo.InvariantCulture).Length));
        var padLeft = finite.Length == 0 ? 0 : finite.Max(i => parts[i].Integer.Length);
        var texts = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var width = padLeft + 1 + precision + 2 + exponentDigits;
            if (!double.IsFinite(values[i])) { texts[i] = Special(values[i]).PadLeft(width); continue; }
            var (integer, fraction, exponent) = values[i] == 0 ? parts[i] : ExactScientific(values[i], precision);
            texts[i] = integer.PadLeft(padLeft) + "." + fraction.PadRight(precision, '0') + "e" +
                (exponent < 0 ? "-" : "+") +
                Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).PadLeft(exponentDigits, '0');
        }
        return texts;
    }

    private static (string Integer, string Fraction, int Exponent) ScientificParts(double value, bool float32)
    {
        if (!double.IsFinite(value)) return ("", "", 0);
        var sign = double.IsNegative(value) ? "-" : "";
        if (value == 0) return (sign + "0", "", 0);
        var (_, digits, point) = Shortest(value, float32);
        var exponent = point - 1;
        if (digits.Length - 1 > Precision)
        {
            digits = PythonFormat.RoundScaled(Math.Abs(value), Precision - exponent).ToString(CultureInfo.InvariantCulture);
            if (digits.Length > Precision + 1) exponent++;
            digits = digits.TrimEnd('0');
            if (digits.Length == 0) digits = "0";
        }
        return (sign + digits[..1], digits[1..], exponent);
    }

    /// <summary>
    /// The exact value rounded to <paramref name="precision"/> fractional mantissa digits: NumPy fills the common
    /// width with further digits of the exact binary value, not with zeros (<c>-8.69218e-05</c> prints as
    /// <c>-8.6921798e-05</c> next to a 7-digit neighbour).
    /// </summary>
    private static (string Integer, string Fraction, int Exponent) ExactScientific(double value, int precision)
    {
        var sign = double.IsNegative(value) ? "-" : "";
        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        var digits = PythonFormat.RoundScaled(Math.Abs(value), precision - exponent).ToString(CultureInfo.InvariantCulture);
        if (digits.Length < precision + 1)
        {
            exponent--;
            digits = PythonFormat.RoundScaled(Math.Abs(value), precision - exponent).ToString(CultureInfo.InvariantCulture);
        }
        if (digits.Length > precision + 1)
        {
            exponent++;
            digits = PythonFormat.RoundScaled(Math.Abs(value), precision - exponent).ToString(CultureInfo.InvariantCulture);
        }
        return (sign + digits[..1], digits[1..], exponent);
    }

    private static string Special(double value) => double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";

    private static string Layout(string[] texts, int rows, int columns)
    {
        if (rows == 0) return "[]";
        var builder = new StringBuilder();
        builder.Append('[');
        for (var r = 0; r < rows; r++)
        {
            if (r > 0) builder.Append('\n').Append(' ');
            builder.Append(Row(texts, r * columns, columns));
        }
        builder.Append(']');
        return builder.ToString();
    }

    private static string Row(string[] texts, int start, int columns)
    {
        const string indent = "  ";
        const int width = LineWidth - 1 - 1;
        var result = new StringBuilder();
        var line = new StringBuilder(indent);
        for (var j = 0; j < columns; j++)
        {
            var word = texts[start + j];
            if (line.Length + word.Length > width && line.Length > indent.Length)
            {
                result.Append(line.ToString().TrimEnd()).Append('\n');
                line.Clear().Append(indent);
            }
            line.Append(word);
            if (j < columns - 1) line.Append(' ');
        }
        result.Append(line);
        return "[" + result.ToString()[indent.Length..] + "]";
    }
}
