namespace Nnfs.Datasets;

/// <summary>Which part of an MNIST-style data set to load.</summary>
public enum DataSplitKind
{
    /// <summary>The training set (<c>train-*</c> files; 60,000 images for MNIST and Fashion-MNIST).</summary>
    Train,

    /// <summary>The test set (<c>t10k-*</c> files; 10,000 images), which the book uses as validation data.</summary>
    Test,
}

/// <summary>The order in which samples are returned.</summary>
public enum SampleOrder
{
    /// <summary>The order of the IDX files.</summary>
    File,

    /// <summary>
    /// The order of the book's image folders read sorted (class 0 first, and within a class in file order); see
    /// <see cref="ImageDataSet.ToBookOrder"/>. Use it to reproduce chapter 19's numbers exactly.
    /// </summary>
    Book,
}

/// <summary>
/// A data set distributed as four IDX files (MNIST layout): its name, files, SHA-256 checksums, download locations
/// and the system folder where a distribution package may have installed it.
/// </summary>
/// <param name="Name">Folder name used under the data root and the cache, e.g. <c>fashion-mnist</c>.</param>
/// <param name="Files">The four files (gzip-compressed names) with their checksums.</param>
/// <param name="DownloadBases">Base addresses tried in order; a file's URL is base + file name.</param>
/// <param name="SystemDirectories">Folders where an operating-system package installs the files.</param>
public sealed record IdxDataset(
    string Name,
    IReadOnlyList<DatasetFile> Files,
    IReadOnlyList<Uri> DownloadBases,
    IReadOnlyList<string> SystemDirectories)
{
    /// <summary>Number of classes; every label must be below it. Default 10 (MNIST and Fashion-MNIST).</summary>
    public int Classes { get; init; } = 10;

    /// <summary>
    /// The Debian/Ubuntu package that installs the files into <see cref="SystemDirectories"/>
    /// (<c>dataset-fashion-mnist</c> for <see cref="FashionMnist"/>), or null when there is none (default).
    /// </summary>
    public string? SystemPackage { get; init; }

    /// <summary>
    /// The names of the classes 0 … <see cref="Classes"/> − 1 when they are more than their ids (Fashion-MNIST's
    /// "T-shirt/top", "Trouser", …, "Ankle boot", the book's <c>fashion_mnist_labels</c>), or null (default; MNIST's
    /// classes are the digits themselves). Give them to <c>Model.ClassNames</c> so that a saved model names its classes.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Training images file name.</summary>
    public const string TrainImages = "train-images-idx3-ubyte";

    /// <summary>Training labels file name.</summary>
    public const string TrainLabels = "train-labels-idx1-ubyte";

    /// <summary>Test images file name.</summary>
    public const string TestImages = "t10k-images-idx3-ubyte";

    /// <summary>Test labels file name.</summary>
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>
    /// Zalando Research's Fashion-MNIST (MIT licence, © 2017 Zalando SE): 10 clothing classes, the data of the
    /// book's chapters 19–22. System folder: <c>/usr/share/datasets/fashion-mnist</c> (Debian package
    /// <c>dataset-fashion-mnist</c>).
    /// </summary>
    /// <remarks>
    /// The SHA-256 values are those of the official .gz files as recorded in the project's dataset notes
    /// (shared/datasets/fashion-mnist/README.md), whose files byte-match the MD5 sums published in the Fashion-MNIST
    /// README. Downloads come from the Fashion-MNIST GitHub repository (data/fashion/) and then from the project's
    /// S3 website named in its README.
    /// </remarks>
    public static IdxDataset FashionMnist { get; } = new(
        "fashion-mnist",
        [
            new(TrainImages + ".gz", 26421880, "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
            new(TrainLabels + ".gz", 29515, "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
            new(TestImages + ".gz", 4422102, "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
            new(TestLabels + ".gz", 5148, "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
        ],
        [
            new Uri("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
            new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
        ],
        ["/usr/share/datasets/fashion-mnist"])
    {
        SystemPackage = "dataset-fashion-mnist",
        ClassNames = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
    };

    /// <summary>
    /// LeCun, Cortes and Burges's MNIST handwritten digits (no licence stated by the authors; commonly
    /// redistributed as CC BY-SA 3.0). System folder: <c>/usr/share/datasets/mnist</c>.
    /// </summary>
    /// <remarks>
    /// The SHA-256 values are those of the official .gz files as recorded in the project's dataset notes
    /// (shared/datasets/mnist/README.md), whose files byte-match the official MD5 sums. Downloads come from the
    /// original MNIST page and then from the mirror that PyTorch's torchvision uses.
    /// </remarks>
    public static IdxDataset Mnist { get; } = new(
        "mnist",
        [
            new(TrainImages + ".gz", 9912422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            new(TrainLabels + ".gz", 28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            new(TestImages + ".gz", 1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            new(TestLabels + ".gz", 4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
        ],
        [
            new Uri("http://yann.lecun.com/exdb/mnist/"),
            new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        ],
        ["/usr/share/datasets/mnist"]);

    /// <summary>
    /// True when <paramref name="directory"/> holds all four files, each either gzip-compressed (<c>name.gz</c>) or
    /// not (<c>name</c>).
    /// </summary>
    public bool IsPresentIn(string directory) => MissingFiles(directory).Count == 0;

    /// <summary>The file names (without <c>.gz</c>) that <paramref name="directory"/> lacks.</summary>
    public IReadOnlyList<string> MissingFiles(string directory) =>
        [.. Files.Select(f => f.UncompressedName).Where(n => FindFile(directory, n) is null)];

    /// <summary>
    /// Loads the training or test part from <paramref name="directory"/>.
    /// </summary>
    /// <param name="directory">Folder holding the IDX files (compressed or not).</param>
    /// <param name="split">Training or test set.</param>
    /// <param name="order">File order (default) or the book's class-major folder order.</param>
    /// <exception cref="FileNotFoundException">A file is missing; the message names the folder and file.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or a label is not below <see cref="Classes"/>
    /// (the message names the label file, the index and the value).</exception>
    public ImageDataSet Load(string directory, DataSplitKind split, SampleOrder order = SampleOrder.File)
    {
        string images = split == DataSplitKind.Train ? TrainImages : TestImages;
        string labels = split == DataSplitKind.Train ? TrainLabels : TestLabels;
        string imagesPath = RequireFile(directory, images), labelsPath = RequireFile(directory, labels);
        var data = IdxFile.Load(imagesPath, labelsPath);
        // A byte label is below any class count above 255; (byte)256 would be 0 and flag every label.
        int bad = Classes > byte.MaxValue ? -1 : data.Labels.AsSpan().IndexOfAnyInRange((byte)Math.Max(Classes, 0), byte.MaxValue);
        if (bad >= 0)
            throw new InvalidDataException(
                $"{labelsPath}: label {data.Labels[bad]} at index {bad} is out of range for the {Classes} classes of {Name}.");
        return order == SampleOrder.Book ? data.ToBookOrder() : data;
    }

    /// <summary>
    /// The path of <paramref name="name"/> (an uncompressed IDX file name) in <paramref name="directory"/>: the
    /// uncompressed file if present, else <c>name.gz</c>, else null.
    /// </summary>
    public static string? FindFile(string directory, string name)
    {
        string plain = Path.Combine(directory, name);
        if (File.Exists(plain)) return plain;
        string gz = plain + ".gz";
        return File.Exists(gz) ? gz : null;
    }

    private static string RequireFile(string directory, string name) =>
        FindFile(directory, name)
        ?? throw new FileNotFoundException($"{directory}: neither {name} nor {name}.gz exists there.", Path.Combine(directory, name + ".gz"));
}

/// <summary>One downloadable file of a data set.</summary>
/// <param name="Name">File name, e.g. <c>train-images-idx3-ubyte.gz</c>.</param>
/// <param name="Size">Size in bytes of the official file.</param>
/// <param name="Sha256">SHA-256 of the official file, lower-case hex.</param>
public sealed record DatasetFile(string Name, long Size, string Sha256)
{
    /// <summary>The name without a trailing <c>.gz</c>.</summary>
    public string UncompressedName => Name.EndsWith(".gz", StringComparison.Ordinal) ? Name[..^3] : Name;
}
