using System.CommandLine;
using Nnfs.Cli.Book;

namespace Nnfs.Tests.Book;

/// <summary>The <c>nnfs book</c> command line: parsing, dispatch to the chapter, errors.</summary>
public class BookCommandTests
{
    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { BookCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void BookChapterPrintsTheChapter()
    {
        var (code, output, _) = Invoke("book", "7");
        Assert.Equal(0, code);
        Assert.Equal(BookGolden.Expected("chapter7.txt"), output.Split('\n').SkipLast(1));
    }

    [Fact]
    public void BookWithoutChapterListsTheChapters()
    {
        var (code, output, _) = Invoke("book");
        Assert.Equal(0, code);
        foreach (var chapter in BookCommand.Chapters) Assert.Contains(chapter.Title, output);
    }

    [Fact]
    public void UnknownChapterFailsWithAMessage()
    {
        var (code, _, error) = Invoke("book", "99");
        Assert.Equal(2, code);
        Assert.Contains("no runnable chapter 99", error);
    }
}
