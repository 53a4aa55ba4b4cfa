namespace Nnfs.Cli.Book;

/// <summary>The options of <c>nnfs book</c>; each chapter reads the ones it understands.</summary>
public sealed record BookOptions
{
    /// <summary>Iterations of chapter 6's random searches. Null: the book's 10,000.</summary>
    public int? Iterations { get; init; }

    /// <summary>Which variant of a chapter to run (chapter 6: <c>a</c>, <c>b</c>, <c>spiral</c>). Null: all, in book order.</summary>
    public string? Variant { get; init; }

    /// <summary>Chapter 10's optimizer setting, by name (<c>sgd</c>, <c>adam-0.05-5e-7</c>, …) or 1-based index. Null: all.</summary>
    public string? Optimizer { get; init; }

    /// <summary>Training epochs for chapters 10–18. Null: the book's count (10,001 passes, epochs 0..10000).</summary>
    public int? Epochs { get; init; }

    /// <summary>Use <see cref="NumericPath.Fast"/> instead of the book's exact arithmetic. Default false.</summary>
    public bool Fast { get; init; }
}
