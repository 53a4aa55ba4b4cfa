using Nnfs.Playground.Training;

namespace Nnfs.Playground.Presets;

/// <summary>One of the book's training runs, one click away: its settings, its length, and the numbers the book
/// printed for it.</summary>
/// <param name="Id">A short identifier (<c>chapter10</c>, …), used in the page's element ids.</param>
/// <param name="Title">The button's text.</param>
/// <param name="Description">One sentence on what the run shows.</param>
/// <param name="Settings">The run's settings (seed 0: the book's data and weights).</param>
/// <param name="Epochs">How many epochs the book trains (10,001 for the chapter 10–17 loops, 10,000 for chapter 18).</param>
/// <param name="Style">How the book prints its lines.</param>
/// <param name="Lines">The book's printed lines for this run, as our NumPy golden outputs give them (the source is cited
/// where each preset is defined); the last may be a validation line (<c>validation, …</c>), printed after epoch
/// <see cref="PlaygroundSettings.ValidateAfter"/>.</param>
public sealed record Preset(string Id, string Title, string Description, PlaygroundSettings Settings, int Epochs,
    BookLineStyle Style, IReadOnlyList<string> Lines)
{
    /// <summary>The book's training lines (without the validation line).</summary>
    public IEnumerable<string> TrainingLines => Lines.Where(line => BookLines.BookEpoch(line) is not null);

    /// <summary>The book's validation line, or null.</summary>
    public string? ValidationLine => Lines.FirstOrDefault(line => line.StartsWith("validation", StringComparison.Ordinal));

    /// <summary>The book's last printed training line: the final numbers the page shows beside the live ones.</summary>
    public string FinalLine => TrainingLines.Last();

    /// <summary>The session epoch at which <see cref="FinalLine"/> was printed.</summary>
    public int FinalEpoch => BookLines.SessionEpoch(BookLines.BookEpoch(FinalLine)!.Value, Style);
}
