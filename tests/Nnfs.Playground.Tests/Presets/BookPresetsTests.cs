using Nnfs.Playground.Presets;
using Nnfs.Playground.Training;

namespace Nnfs.Playground.Tests.Presets;

public class BookPresetsTests
{
    private static string[] Golden(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Golden", "book", name));

    // The golden output a preset quotes: chapter10.txt holds the 11 optimizer runs under "# i/11 name" headers, the
    // chapter 10 preset is the last.
    private static string[] GoldenOf(Preset preset) => preset.Id == "chapter10"
        ? [.. Golden("chapter10.txt").SkipWhile(l => !l.StartsWith("# 11/11 ", StringComparison.Ordinal)).Skip(1)]
        : Golden(preset.Id + ".txt");

    public static TheoryData<string> Ids => new(BookPresets.All.Select(p => p.Id));

    private static Preset Get(string id) => BookPresets.All.Single(p => p.Id == id);

    [Fact]
    public void TheBooksChapters10To18AreAllThere() =>
        Assert.Equal(["chapter10", "chapter11", "chapter14", "chapter15", "chapter16", "chapter17", "chapter18a", "chapter18b", "chapter18c"],
            BookPresets.All.Select(p => p.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void EveryPresetQuotesItsGoldenOutputExactly(string id)
    {
        var preset = Get(id);
        Assert.Equal(GoldenOf(preset), preset.Lines);
        Assert.Empty(preset.Settings.Problems());
        Assert.Equal(preset.Style == BookLineStyle.Model ? 10000 : 10001, preset.Epochs);
        if (preset.ValidationLine is not null) Assert.Equal(preset.FinalEpoch, preset.Settings.ValidateAfter);
    }

    // The preset's settings, trained on the book's arithmetic (the exact path) to the golden output's last epoch, print
    // every one of the book's lines, validation included.
    [Theory]
    [MemberData(nameof(Ids))]
    public void OnTheBooksArithmeticEveryPresetPrintsTheBooksLines(string id)
    {
        var preset = Get(id);
        var session = new TrainingSession(preset.Settings with { BookArithmetic = true });
        Assert.Equal(preset.FinalEpoch, session.Advance(preset.FinalEpoch));
        var printed = preset.TrainingLines
            .Select(line => BookLines.Training(session.Metrics, BookLines.SessionEpoch(BookLines.BookEpoch(line)!.Value, preset.Style), preset.Style,
                preset.Settings.Optimizer.LearningRate))
            .ToList();
        if (session.Validation is { } validation) printed.Add(BookLines.Validation(validation));
        Assert.Equal(preset.Lines, printed);
    }
}
