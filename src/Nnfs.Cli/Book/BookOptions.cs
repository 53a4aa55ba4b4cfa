namespace Nnfs.Cli.Book;

/// <summary>The options of <c>nnfs book</c>; each chapter reads the ones it understands.</summary>
public sealed record BookOptions
{
    /// <summary>Iterations of chapter 6's random searches. Null: the book's 10,000.</summary>
    public int? Iterations { get; init; }

    /// <summary>Which variant of a chapter to run (chapter 6: <c>a</c>, <c>b</c>, <c>spiral</c>; chapters 14–15: <c>64</c>, <c>512</c>; chapter 18: <c>regression</c>, <c>binary</c>, <c>classification</c>). Null: the default (all, in book order, where there are several).</summary>
    public string? Variant { get; init; }

    /// <summary>Chapter 10's optimizer setting, by name (<c>sgd</c>, <c>adam-0.05-decay-5e-7</c>, …) or 1-based index. Null: all.</summary>
    public string? Optimizer { get; init; }

    /// <summary>Chapters 10–18 train up to this epoch (chapters 10–17 run epochs 0..N, chapter 18 epochs 1..N; default the
    /// book's 10000); chapters 19–22 train this many epochs (default 10). Null: the book's count.</summary>
    public int? Epochs { get; init; }

    /// <summary>Use <see cref="NumericPath.Fast"/> instead of the book's exact arithmetic. Default false.</summary>
    public bool Fast { get; init; }

    /// <summary>Chapters 19–22: the folder with the Fashion-MNIST IDX files. Null: the usual places (see <c>docs/data.md</c>).</summary>
    public string? DataDir { get; init; }

    /// <summary>Chapters 21–22: where model files and images are written (kept). Null: a temporary folder, deleted afterwards.</summary>
    public string? OutputDir { get; init; }

    /// <summary>Chapter 22: the model file to load. Null: chapter 19's model is trained first.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Chapter 22: image files to classify. Null or empty: stand-ins for the book's tshirt.png and pants.png.</summary>
    public IReadOnlyList<string>? Images { get; init; }
}
