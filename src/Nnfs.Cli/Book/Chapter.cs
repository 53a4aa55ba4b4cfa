namespace Nnfs.Cli.Book;

/// <summary>One chapter of the book: its final worked example, printing what the book's Python prints.</summary>
public abstract class Chapter
{
    /// <summary>The chapter number in the book.</summary>
    public abstract int Number { get; }

    /// <summary>The chapter's title.</summary>
    public abstract string Title { get; }

    /// <summary>Runs the example, writing the book's printout to <paramref name="output"/>.</summary>
    public abstract void Run(TextWriter output, BookOptions options);

    /// <summary>
    /// The book's <c>nnfs.init()</c> (<see cref="Engine.Init"/>: exact path, global generator seeded with 0), then the
    /// fast path instead if <see cref="BookOptions.Fast"/> is set.
    /// </summary>
    protected static void Init(BookOptions options)
    {
        Engine.Init();
        if (options.Fast) Engine.Path = NumericPath.Fast;
    }
}
