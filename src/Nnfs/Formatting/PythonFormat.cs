using System.Globalization;
using System.Numerics;
using System.Text;

namespace Nnfs.Formatting;

/// <summary>
/// Formats numbers exactly as the book's Python prints them: <c>repr</c> of a Python float, <c>print</c> of a NumPy
/// float32 scalar, and f-string fixed notation such as <c>f"{loss:.3f}"</c>.
/// </summary>
/// <remarks>
/// .NET's round-trip formatting produces the same shortest digits as Python but writes them differently
/// (<c>1E-05</c> instead of <c>1e-05</c>, <c>1</c> instead of <c>1.0</c>), and .NET's <c>"F3"</c> rounds exact ties
/// away from zero where Python rounds them to even; this class reproduces Python's text.
/// </remarks>
public static class PythonFormat
{
    /// <summary>Python's <c>repr(x)</c> of a float (also what <c>print</c> and <c>f"{x}"</c> show).</summary>
    /// <remarks>
    /// The shortest decimal string that reads back to the same double. Scientific notation when the decimal exponent
    /// is below −4 or at least 16 (<c>8.334722453742292e-05</c>, <c>1e+16</c>, two exponent digits at least);
    /// otherwise positional with at least one fractional digit (<c>1.0</c>, <c>100.0</c>). Special values:
    /// <c>inf</c>, <c>-inf</c>, <c>nan</c>, <c>-0.0</c>.
    /// </remarks>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var (negative, digits, point) = ShortestDigits(value.ToString("R", CultureInfo.InvariantCulture));
        if (value == 0) negative = double.IsNegative(value);
        var exponent = point - 1;
        return value == 0 || (exponent >= -4 && exponent < 16)
            ? Positional(negative, digits, point)
            : Scientific(negative, digits, exponent);
    }

    /// <summary>What NumPy 1.24 prints for a float32 scalar (<c>print(np.float32(x))</c>, <c>str</c> and <c>repr</c>).</summary>
    /// <remarks>
    /// The shortest decimal string that reads back to the same float32 (<c>1.0986104</c>, not the double's
    /// <c>1.0986104011535645</c>). Positional when the value is 0 or 1e-4 ≤ |x| &lt; 1e16 (the float32 value compared
    /// exactly), scientific otherwise, written as Python writes it (<c>1e-05</c>, <c>1e+16</c>). Note that
    /// <c>np.float32(0.0001)</c> is just below 1e-4 and prints <c>1e-04</c>.
    /// </remarks>
    public static string Repr(float value)
    {
        if (float.IsNaN(value)) return "nan";
        if (float.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var (negative, digits, point) = ShortestDigits(value.ToString("R", CultureInfo.InvariantCulture));
        if (value == 0) negative = float.IsNegative(value);
        var magnitude = Math.Abs((double)value);
        return magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16)
            ? Positional(negative, digits, point)
            : Scientific(negative, digits, point - 1);
    }

    /// <summary>Python's fixed-point formatting <c>f"{value:.{decimals}f}"</c>.</summary>
    /// <remarks>
    /// Rounds the exact binary value of <paramref name="value"/> to <paramref name="decimals"/> fractional digits; only an
    /// exact tie is rounded to the even digit (<c>0.0625</c> → <c>0.062</c>, <c>2.5</c> with 0 decimals → <c>2</c>).
    /// The sign is kept when the result is zero (<c>-0.0001</c> → <c>-0.000</c>). No decimal point when
    /// <paramref name="decimals"/> is 0.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decimals"/> is negative or above 100.</exception>
    public static string Fixed(double value, int decimals)
    {
        if (decimals < 0 || decimals > 100)
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, "decimals must be in [0, 100]");
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var negative = double.IsNegative(value);
        var scaled = RoundScaled(Math.Abs(value), decimals);
        var text = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var builder = new StringBuilder(text.Length + 2);
        if (negative) builder.Append('-');
        builder.Append(text, 0, text.Length - decimals);
        if (decimals > 0) builder.Append('.').Append(text, text.Length - decimals, decimals);
        return builder.ToString();
    }

    /// <summary>
    /// The exact value of <paramref name="magnitude"/> (finite, ≥ 0) times 10^<paramref name="decimals"/>, rounded to
    /// an integer, ties to even. <paramref name="decimals"/> may be negative.
    /// </summary>
    internal static BigInteger RoundScaled(double magnitude, int decimals)
    {
        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var biased = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (biased != 0) mantissa |= 1L << 52;
        var exponent = (biased == 0 ? 1 : biased) - 1075;
        var numerator = new BigInteger(mantissa);
        var denominator = BigInteger.One;
        if (decimals >= 0) numerator *= BigInteger.Pow(10, decimals);
        else denominator *= BigInteger.Pow(10, -decimals);
        if (exponent >= 0) numerator <<= exponent;
        else denominator <<= -exponent;
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var comparison = (remainder << 1).CompareTo(denominator);
        if (comparison > 0 || (comparison == 0 && !quotient.IsEven)) quotient += 1;
        return quotient;
    }

    /// <summary>
    /// Splits .NET's round-trip text (<c>-1.2345E-05</c>, <c>123.45</c>) into the sign, the significant digits without
    /// leading or trailing zeros, and the position of the decimal point relative to the first digit
    /// (value = 0.d₁d₂… × 10^point).
    /// </summary>
    internal static (bool Negative, string Digits, int Point) ShortestDigits(string roundTrip)
    {
        var negative = roundTrip.StartsWith('-');
        var text = negative ? roundTrip[1..] : roundTrip;
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var integerPart = dot >= 0 ? text[..dot] : text;
        var all = dot >= 0 ? integerPart + text[(dot + 1)..] : integerPart;
        var point = integerPart.Length + exponent;
        var leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0') leading++;
        var digits = all[leading..].TrimEnd('0');
        if (digits.Length == 0) return (negative, "0", 1);
        return (negative, digits, point - leading);
    }

    /// <summary>Positional notation of 0.<paramref name="digits"/> × 10^<paramref name="point"/>, at least one fractional digit.</summary>
    internal static string Positional(bool negative, string digits, int point)
    {
        var builder = new StringBuilder(digits.Length + Math.Abs(point) + 4);
        if (negative) builder.Append('-');
        if (point <= 0)
            builder.Append("0.").Append('0', -point).Append(digits);
        else if (point >= digits.Length)
            builder.Append(digits).Append('0', point - digits.Length).Append(".0");
        else
            builder.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        return builder.ToString();
    }

    /// <summary>Python's scientific notation: <c>d.ddde±XX</c>, no fraction when there is one digit.</summary>
    internal static string Scientific(bool negative, string digits, int exponent)
    {
        var builder = new StringBuilder(digits.Length + 8);
        if (negative) builder.Append('-');
        builder.Append(digits[0]);
        if (digits.Length > 1) builder.Append('.').Append(digits, 1, digits.Length - 1);
        builder.Append('e').Append(exponent < 0 ? '-' : '+')
            .Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}
