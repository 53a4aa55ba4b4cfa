using System.Globalization;

namespace Nnfs.Tests.Book;

/// <summary>
/// The NumPy reference output in Golden/book/chapterN.txt, produced by Golden/book/book_numpy.py (see the regenerate
/// command at the top of that script), and the comparisons the book tests make with it.
/// </summary>
internal static class BookGolden
{
    public static string[] Expected(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Golden", "book", name));

    /// <summary>Asserts identical lines, reporting the first difference with its line number.</summary>
    public static void AssertSameLines(string[] expected, string[] actual, string what)
    {
        for (var i = 0; i < Math.Min(expected.Length, actual.Length); i++)
            Assert.True(expected[i] == actual[i], $"{what}, line {i + 1}:\n  numpy: {expected[i]}\n  ours:  {actual[i]}");
        Assert.True(expected.Length == actual.Length, $"{what}: numpy printed {expected.Length} lines, we printed {actual.Length}.");
    }

    /// <summary>The <c>epoch: …</c> lines up to and including <paramref name="lastEpoch"/>.</summary>
    public static string[] UpToEpoch(IEnumerable<string> lines, int lastEpoch) =>
        lines.Where(l => l.StartsWith("epoch: ", StringComparison.Ordinal))
            .TakeWhile(l => int.Parse(l["epoch: ".Length..l.IndexOf(',')], CultureInfo.InvariantCulture) <= lastEpoch)
            .ToArray();

    /// <summary>The lines under the golden's <c># index/…</c> header, up to the next header.</summary>
    public static string[] Section(string[] golden, int index) =>
        golden.SkipWhile(l => !l.StartsWith($"# {index}/", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => !l.StartsWith('#')).ToArray();

    /// <summary>The <c>acc:</c> and <c>loss:</c> values of a report line.</summary>
    public static (double Accuracy, double Loss) AccuracyAndLoss(string line)
    {
        var fields = line.Split(", ");
        double Value(string name) => double.Parse(fields.First(f => f.StartsWith(name, StringComparison.Ordinal))[name.Length..].Split(' ')[0],
            CultureInfo.InvariantCulture);
        return (Value("acc: "), Value("loss: "));
    }
}
