using Nnfs.Cli.Book;
using Nnfs.Tests.Datasets;

namespace Nnfs.Tests.Book;

/// <summary>
/// What each book script must print, keyed by the start of its file name (chapter and letter): the lines of the
/// golden that <c>nnfs book</c> is checked against today, and the epoch NNFS_BOOK_EPOCHS stops the script's training at.
/// </summary>
internal static class BookScriptExpectations
{
    /// <summary>One script's shortened run and the check of its printout.</summary>
    /// <param name="Epochs">NNFS_BOOK_EPOCHS for the run, or null for the book's count.</param>
    /// <param name="Check">Checks the printed lines; the second argument is the working folder.</param>
    /// <param name="FashionMnist">The script reads Fashion-MNIST (NNFS_DATA is set to the tests' copy).</param>
    /// <param name="Prepare">Runs in the working folder before the script, or null.</param>
    public sealed record Expectation(int? Epochs, Action<string[], string> Check, bool FashionMnist = false, Action<string>? Prepare = null)
    {
        public Expectation(int? epochs, Action<string[]> check) : this(epochs, (lines, _) => check(lines)) { }
    }

    private static string[] Golden(int chapter) => BookGolden.Expected($"chapter{chapter}.txt");

    private static Expectation Identical(Func<string[]> expected, string what, int? epochs = null) =>
        new(epochs, actual => BookGolden.AssertSameLines(expected(), actual, what));

    /// <summary>The <paramref name="index"/>-th (0-based) of chapter 6's searches: each starts with iteration 0.</summary>
    private static string[] RandomSearch(int index)
    {
        var starts = Golden(6).Select((line, i) => (line, i))
            .Where(p => p.line.StartsWith("New set of weights found, iteration: 0 ", StringComparison.Ordinal)).Select(p => p.i)
            .Append(Golden(6).Length).ToArray();
        return Golden(6)[starts[index]..starts[index + 1]];
    }

    /// <summary>Chapter 10's section <paramref name="index"/> (1-based, in the book's order) up to <paramref name="epochs"/>.</summary>
    private static Expectation Optimizer(int index, int epochs) =>
        Identical(() => BookGolden.UpToEpoch(BookGolden.Section(Golden(10), index), epochs), $"chapter 10, optimizer {index}", epochs);

    private static Expectation EpochsIdentical(int chapter, int epochs) =>
        new(epochs, actual => BookGolden.AssertSameLines(BookGolden.UpToEpoch(Golden(chapter), epochs), BookGolden.UpToEpoch(actual, epochs), $"chapter {chapter}"));

    /// <summary>
    /// Where no NumPy golden exists (or, for chapter 15, where ours is only close to it: TrainingChapterTests checks
    /// how close), the script prints exactly what <c>nnfs book</c> prints, which those tests check.
    /// </summary>
    private static Expectation SameAsNnfsBook(int chapter, BookOptions options) =>
        new(options.Epochs, actual => BookGolden.AssertSameLines(BookGolden.Run(BookCommand.Find(chapter), options), actual,
            $"chapter {chapter} {options.Variant} against nnfs book"));

    /// <summary>The concept chapters 12 and 13, ten epochs: a first report and a validation line, as tested today.</summary>
    private static Expectation TrainsAndValidates() => new(10, actual =>
    {
        Assert.Contains(actual, l => l.StartsWith("epoch: 0, acc: ", StringComparison.Ordinal));
        Assert.Contains(actual, l => l.StartsWith("validation, acc: ", StringComparison.Ordinal));
    });

    private static readonly Dictionary<string, Expectation> Table = new(StringComparer.Ordinal)
    {
        ["02"] = Identical(() => Golden(2), "chapter 2"),
        ["03"] = Identical(() => Golden(3), "chapter 3"),
        ["04"] = Identical(() => Golden(4), "chapter 4"),
        ["05"] = Identical(() => Golden(5), "chapter 5"),
        ["06a"] = Identical(() => RandomSearch(0), "chapter 6, random weights"),
        ["06b"] = Identical(() => RandomSearch(1), "chapter 6, random adjustments"),
        ["06c"] = Identical(() => RandomSearch(2), "chapter 6, random adjustments on the spiral"),
        ["07"] = Identical(() => Golden(7), "chapter 7"),
        ["08"] = Identical(() => Golden(8), "chapter 8"),
        // Golden/book/chapter9.txt: the single neuron (4 lines), the layer (16 lines), the full code (14 lines).
        ["09a"] = Identical(() => Golden(9)[..4], "chapter 9, single neuron"),
        ["09b"] = Identical(() => Golden(9)[4..20], "chapter 9, layer gradients"),
        ["09c"] = Identical(() => Golden(9)[20..], "chapter 9, backpropagation"),
        ["10a"] = Optimizer(1, 200),
        ["10b"] = Optimizer(6, 200),
        ["10c"] = Optimizer(7, 200),
        ["10d"] = Optimizer(9, 200),
        ["10e"] = Optimizer(11, 1000),
        ["11"] = Identical(() => Golden(11), "chapter 11", epochs: 1000),
        ["12"] = TrainsAndValidates(),
        ["13"] = TrainsAndValidates(),
        ["14a"] = EpochsIdentical(14, 600),
        ["14b"] = SameAsNnfsBook(14, new BookOptions { Variant = "512", Epochs = 100 }),
        ["15"] = SameAsNnfsBook(15, new BookOptions { Epochs = 100 }),
        ["16"] = EpochsIdentical(16, 600),
        ["17"] = SameAsNnfsBook(17, new BookOptions { Epochs = 200 }),
        ["18a"] = SameAsNnfsBook(18, new BookOptions { Variant = "regression", Epochs = 100 }),
        ["18b"] = SameAsNnfsBook(18, new BookOptions { Variant = "binary", Epochs = 100 }),
        ["18c"] = SameAsNnfsBook(18, new BookOptions { Variant = "classification", Epochs = 100 }),
        ["19a"] = new(null, (actual, _) => BookGolden.AssertSameLines(Explore(), actual, "chapter 19, the data"), FashionMnist: true),
        ["19b"] = new(1, (actual, _) => AssertChapter19Training(actual), FashionMnist: true),
        ["20"] = new(1, (actual, _) => AssertChapter20(actual), FashionMnist: true),
        ["21"] = new(1, AssertChapter21, FashionMnist: true),
        ["22"] = new(null, AssertChapter22, FashionMnist: true, Prepare: folder =>
        {
            if (!File.Exists(Path.Combine(folder, Chapter21.ModelFileName)))
                BookScriptTests.Run(Script("21"), 1, folder, fashionMnist: true);
        }),
    };

    private static string Script(string prefix) =>
        Path.GetFileName(Directory.GetFiles(Path.Combine(TestData.RepositoryRoot, "book"), prefix + "-*.cs").Single());

    /// <summary>What <c>nnfs book 19</c> prints of the data before it trains.</summary>
    private static string[] Explore()
    {
        using var writer = new StringWriter();
        Chapter19.Explore(writer, TestData.FashionMnistTrain.ToBookOrder());
        return writer.ToString().Split('\n').SkipLast(1).ToArray();
    }

    /// <summary>NNFS-SPEC.md section 3, chapter 19 (the book's code): epoch 1's reports at steps 0 and 100.</summary>
    private static void AssertChapter19Training(string[] lines)
    {
        Assert.Equal("epoch: 1", lines[0]);
        Assert.Equal("step: 0, acc: 0.031, loss: 2.303 (data_loss: 2.303, reg_loss: 0.000), lr: 0.001", lines[1]);
        Assert.Equal("step: 100, acc: 0.758, loss: 0.613 (data_loss: 0.613, reg_loss: 0.000), lr: 0.0009090909090909091", lines[2]);
        Assert.StartsWith("training, acc: ", lines[^2]);
        Assert.StartsWith("validation, acc: ", lines[^1]);
    }

    /// <summary>One epoch (6 step lines), then evaluate(X_test) repeats the last validation and evaluate(X) differs.</summary>
    private static void AssertChapter20(string[] lines)
    {
        AssertChapter19Training(lines[..^2]);
        Assert.Equal(1 + 6 + 1 + 1 + 2, lines.Length);
        Assert.Equal(lines[^3], lines[^2]);
        Assert.Matches(@"^validation, acc: 0\.\d{3}, loss: 0\.\d{3}$", lines[^1]);
        Assert.NotEqual(lines[^2], lines[^1]);
    }

    /// <summary>One epoch, then four validation lines equal to the last one of training, and both files saved.</summary>
    private static void AssertChapter21(string[] lines, string folder)
    {
        AssertChapter19Training(lines[..^4]);
        Assert.Equal(1 + 6 + 1 + 1 + 4, lines.Length);
        Assert.All(lines[^4..], l => Assert.Equal(lines[^5], l));
        Assert.True(File.Exists(Path.Combine(folder, Chapter21.ModelFileName)));
        Assert.True(File.Exists(Path.Combine(folder, Chapter21.ParametersFile)));
    }

    /// <summary>With chapter 21's model, the script prints what <c>nnfs book 22 --model</c> prints.</summary>
    private static void AssertChapter22(string[] lines, string folder)
    {
        using var output = new TempDir();
        var expected = BookGolden.Run(new Chapter22(), new BookOptions
        {
            DataDir = TestData.FashionMnistDirectory, ModelPath = Path.Combine(folder, Chapter21.ModelFileName), OutputDir = output.Path,
        });
        BookGolden.AssertSameLines(expected, lines, "chapter 22 against nnfs book 22");
    }

    /// <summary>The expectation of book/<paramref name="script"/>.</summary>
    public static Expectation For(string script)
    {
        var key = script[..3];
        if (Table.TryGetValue(key, out var expectation) || Table.TryGetValue(script[..2], out expectation)) return expectation;
        throw new InvalidOperationException($"book/{script} has no expected output in {nameof(BookScriptExpectations)}");
    }
}
