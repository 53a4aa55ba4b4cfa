using Nnfs.Cli.Book;

namespace Nnfs.Tests.Book;

/// <summary>The one-shot chapters print exactly what the NumPy reference prints (Golden/book/chapterN.txt).</summary>
public class ChapterOutputTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(7)]
    [InlineData(8)]
    public void ChapterPrintsWhatNumPyPrints(int number)
    {
        var actual = BookGolden.Run(BookCommand.Find(number));
        BookGolden.AssertSameLines(BookGolden.Expected($"chapter{number}.txt"), actual, $"chapter {number}");
    }

    [Fact]
    public void UnknownChapterIsRejectedWithTheAvailableOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => BookCommand.Find(1));
        Assert.Contains("available: 2", error.Message);
    }
}
