using System.Globalization;
using Nnfs.Formatting;

namespace Nnfs.Tests.Formatting;

/// <summary>
/// Checks <see cref="PythonFormat"/> against Golden/book/python_format.txt, produced by Golden/book/python_format.py
/// (<c>/usr/bin/python3 python_format.py &gt; python_format.txt</c>).
/// </summary>
public class PythonFormatTests
{
    private static IEnumerable<string[]> Golden(string kind) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Golden", "book", "python_format.txt"))
            .Select(line => line.Split('\t'))
            .Where(fields => fields[0] == kind);

    [Fact]
    public void DoublesMatchPythonReprAndFixed()
    {
        var count = 0;
        foreach (var f in Golden("d"))
        {
            var value = BitConverter.Int64BitsToDouble(long.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            Assert.True(f[2] == PythonFormat.Repr(value), $"repr of {f[1]}: python {f[2]}, ours {PythonFormat.Repr(value)}");
            Assert.True(f[3] == PythonFormat.Fixed(value, 3), $".3f of {f[2]}: python {f[3]}, ours {PythonFormat.Fixed(value, 3)}");
            Assert.True(f[4] == PythonFormat.Fixed(value, 0), $".0f of {f[2]}: python {f[4]}, ours {PythonFormat.Fixed(value, 0)}");
            Assert.True(f[5] == PythonFormat.Fixed(value, 6), $".6f of {f[2]}: python {f[5]}, ours {PythonFormat.Fixed(value, 6)}");
            count++;
        }
        Assert.True(count > 500, $"only {count} golden doubles");
    }

    [Fact]
    public void FloatsMatchNumPyScalarPrinting()
    {
        var count = 0;
        foreach (var f in Golden("f"))
        {
            var value = BitConverter.Int32BitsToSingle(int.Parse(f[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            Assert.True(f[2] == PythonFormat.Repr(value), $"float32 {f[1]}: numpy {f[2]}, ours {PythonFormat.Repr(value)}");
            count++;
        }
        Assert.True(count > 500, $"only {count} golden floats");
    }

    [Theory]
    [InlineData(0.0625, 3, "0.062")]
    [InlineData(2.5, 0, "2")]
    [InlineData(-0.0, 3, "-0.000")]
    [InlineData(-0.0001, 3, "-0.000")]
    public void FixedRoundsExactTiesToEvenUnlikeDotNet(double value, int decimals, string expected)
    {
        Assert.Equal(expected, PythonFormat.Fixed(value, decimals));
    }

    [Fact]
    public void FixedRejectsNegativeDecimals()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PythonFormat.Fixed(1.0, -1));
        Assert.Contains("decimals", error.Message);
    }
}
