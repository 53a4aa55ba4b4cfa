using System.Globalization;
using Nnfs.Imaging;
using Nnfs.Tests.Datasets;

namespace Nnfs.Tests.Book;

/// <summary>
/// What each book script must print, keyed by the start of its file name (chapter and letter): the lines NumPy prints
/// for the book's code (Golden/book, from book_numpy.py), and the epoch NNFS_BOOK_EPOCHS stops the script's training
/// at. Chapters 19–21 train one epoch on Fashion-MNIST and print NumPy's lines for it (Golden/book19); what follows
/// (evaluations, reloaded models, chapter 22's predictions) is checked for consistency with them.
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

    private static string[] Golden(int chapter) => Golden(chapter.ToString(CultureInfo.InvariantCulture));

    private static string[] Golden(string chapter) => BookGolden.Expected($"chapter{chapter}.txt");

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
        ["14b"] = Identical(() => Golden("14b"), "chapter 14, 512 neurons", epochs: 100),
        // Chapters 15, 17 and 18c: NumPy's float64 dropout mask and sine data, followed by the exact path.
        ["15"] = Identical(() => Golden(15), "chapter 15", epochs: 1000),
        ["16"] = EpochsIdentical(16, 600),
        ["17"] = Identical(() => Golden(17), "chapter 17", epochs: 1000),
        ["18a"] = Identical(() => Golden("18a"), "chapter 18, regression", epochs: 200),
        ["18b"] = Identical(() => Golden("18b"), "chapter 18, binary", epochs: 200),
        ["18c"] = Identical(() => Golden("18c"), "chapter 18, classification", epochs: 100),
        ["19a"] = new(null, (actual, _) => AssertChapter19Data(actual), FashionMnist: true),
        ["19b"] = new(1, (actual, _) => AssertChapter19Training(actual), FashionMnist: true),
        ["20"] = new(1, (actual, _) => AssertChapter20(actual), FashionMnist: true),
        ["21"] = new(1, AssertChapter21, FashionMnist: true),
        ["22"] = new(null, AssertChapter22, FashionMnist: true, Prepare: folder =>
        {
            if (!File.Exists(Path.Combine(folder, ModelFile)))
                BookScriptTests.Run(Script("21"), 1, folder, fashionMnist: true);
        }),
    };

    private static string Script(string prefix) =>
        Path.GetFileName(Directory.GetFiles(Path.Combine(TestData.RepositoryRoot, "book"), prefix + "-*.cs").Single());

    /// <summary>The files chapter 21 saves (the book's names).</summary>
    private const string ModelFile = "fashion_mnist.model", ParametersFile = "fashion_mnist.parms";

    /// <summary>
    /// Chapter 19's look at the data: the label folders, the first file names, the file count, and the sneaker
    /// train/7/0002.png (the third sneaker in the IDX file) as NumPy prints a uint8 array: every row as wide as the
    /// others, the values right-aligned.
    /// </summary>
    private static void AssertChapter19Data(string[] lines)
    {
        var train = TestData.FashionMnistTrain;
        Assert.Equal("['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']", lines[0]);
        Assert.Equal("['0000.png', '0001.png', '0002.png', '0003.png', '0004.png', '0005.png', '0006.png', '0007.png', '0008.png', '0009.png']", lines[1]);
        Assert.Equal("6000", lines[2]);
        Assert.Equal(3 + 28, lines.Length);
        Assert.StartsWith("[[", lines[3]);
        Assert.EndsWith("]]", lines[^1]);
        int sneaker = Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == 7).Skip(2).First();
        var image = train.Image(sneaker).ToArray();
        var printed = string.Join(' ', lines[3..]).Replace("[", " ", StringComparison.Ordinal).Replace("]", " ", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(byte.Parse).ToArray();
        Assert.Equal(image, printed);
        int width = image.Max().ToString(CultureInfo.InvariantCulture).Length;
        Assert.All(lines[3..^1], line => Assert.Equal(lines[3].Length, line.Length));
        Assert.Equal(lines[3].Length + 1, lines[^1].Length);
        Assert.Equal("[[" + image[0].ToString(CultureInfo.InvariantCulture).PadLeft(width) + " ", lines[3][..(width + 3)]);
    }

    /// <summary>
    /// One epoch of chapter 19's training (six step reports, the training line, the validation line) as NumPy prints
    /// them for the book's code (Golden/book19/book19_train1.txt, from book19_numpy.py), and the book's printed
    /// reports at steps 0 and 100.
    /// </summary>
    private static void AssertChapter19Training(string[] lines)
    {
        var golden = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Golden", "book19", "book19_train1.txt"));
        BookGolden.AssertSameLines(golden, lines, "chapter 19, one epoch");
        Assert.Equal("step: 0, acc: 0.031, loss: 2.303 (data_loss: 2.303, reg_loss: 0.000), lr: 0.001", lines[1]);
        Assert.Equal("step: 100, acc: 0.758, loss: 0.613 (data_loss: 0.613, reg_loss: 0.000), lr: 0.0009090909090909091", lines[2]);
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
        Assert.True(File.Exists(Path.Combine(folder, ModelFile)));
        Assert.True(File.Exists(Path.Combine(folder, ParametersFile)));
    }

    /// <summary>
    /// With chapter 21's model: the predicted classes of the first five test images, their labels (all class 0), the
    /// predicted names, and the two stand-in photos (a T-shirt and trousers from the test set, enlarged to 256 × 256
    /// and inverted to dark on light, like the book's photos) recognised after the script inverts them back.
    /// </summary>
    private static void AssertChapter22(string[] lines, string folder)
    {
        string[] names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];
        Assert.Equal(2 + 5 + 2, lines.Length);
        Assert.Matches(@"^\[\d \d \d \d \d\]$", lines[0]);
        Assert.Equal("[0 0 0 0 0]", lines[1]);
        var predicted = lines[0][1..^1].Split(' ').Select(int.Parse).ToArray();
        for (int i = 0; i < 5; i++) Assert.Equal(names[predicted[i]], lines[2 + i]);
        Assert.Matches(@"^tshirt\.png: T-shirt/top \((0\.\d{3}|1\.000)\)$", lines[7]);
        Assert.Matches(@"^pants\.png: Trouser \((0\.\d{3}|1\.000)\)$", lines[8]);
        foreach (var file in new[] { "tshirt.png", "pants.png" })
        {
            var photo = ImageCodec.LoadGray(Path.Combine(folder, file));
            Assert.Equal((256, 256), (photo.Width, photo.Height));
            Assert.True(ImagePreparation.HasLightBackground(photo), $"{file} should be dark on light, like the book's photos");
        }
    }

    /// <summary>The expectation of book/<paramref name="script"/>.</summary>
    public static Expectation For(string script)
    {
        var key = script[..3];
        if (Table.TryGetValue(key, out var expectation) || Table.TryGetValue(script[..2], out expectation)) return expectation;
        throw new InvalidOperationException($"book/{script} has no expected output in {nameof(BookScriptExpectations)}");
    }
}
