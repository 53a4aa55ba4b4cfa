using Nnfs.Cli.Book;

namespace Nnfs.Tests.Book;

/// <summary>
/// Chapter 6's random searches print, line for line, what NumPy prints (Golden/book/chapter6.txt: all three variants,
/// 10,000 iterations each, from book_numpy.py).
/// </summary>
public class Chapter06Tests
{
    [Fact]
    public void AllThreeRandomSearchesMatchNumPyLineForLine()
    {
        var actual = BookGolden.Run(new Chapter06());
        BookGolden.AssertSameLines(BookGolden.Expected("chapter6.txt"), actual, "chapter 6");
    }

    [Fact]
    public void IterationsOptionShortensTheSearchKeepingItsPrefix()
    {
        var actual = BookGolden.Run(new Chapter06(), new BookOptions { Iterations = 20, Variant = "b" });
        var expected = BookGolden.Expected("chapter6.txt")
            .SkipWhile(line => !line.StartsWith("New set of weights found, iteration: 0 ", StringComparison.Ordinal)).Skip(1)
            .SkipWhile(line => !line.StartsWith("New set of weights found, iteration: 0 ", StringComparison.Ordinal))
            .TakeWhile(line => int.Parse(line.Split(' ')[6]) < 20)
            .ToArray();
        Assert.NotEmpty(expected);
        BookGolden.AssertSameLines(expected, actual, "chapter 6 variant b, 20 iterations");
    }

    [Fact]
    public void UnknownVariantIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => BookGolden.Run(new Chapter06(), new BookOptions { Variant = "c" }));
        Assert.Contains("no variant 'c'", error.Message);
    }
}
