using Nnfs.Datasets;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Cli.Commands;

/// <summary>A data set ready for a model: training and test inputs and targets.</summary>
/// <param name="Choice">Which data set.</param>
/// <param name="TrainX">Training inputs, one row per sample.</param>
/// <param name="TrainY">Training targets: class ids, or an n × 1 matrix for regression.</param>
/// <param name="TestX">Test inputs, or null when the data set has no test set.</param>
/// <param name="TestY">Test targets, or null.</param>
/// <param name="Classes">Number of classes, or 0 for regression.</param>
/// <param name="Input">What raw input a sample is and how it was prepared (recorded in the saved model).</param>
/// <param name="ClassNames">The classes' names when the data set has them (Fashion-MNIST), else null.</param>
internal sealed record LoadedData(DatasetChoice Choice, Matrix TrainX, Targets TrainY, Matrix? TestX, Targets? TestY, int Classes,
    InputPreparation Input, IReadOnlyList<string>? ClassNames = null)
{
    /// <summary>True for regression targets.</summary>
    public bool IsRegression => Classes == 0;

    /// <summary>Input features per sample.</summary>
    public int Features => TrainX.Columns;
}

/// <summary>Loads the data sets of <see cref="DatasetKind"/> the way the book prepares them.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>fashion-mnist, mnist: the IDX files found by <see cref="DataLocator"/> (<c>--data-dir</c>, then
/// <c>$NNFS_DATA</c>, the user cache, <c>/usr/share/datasets</c>, else a checked download; when all fail, one line
/// naming every way to provide the data), in the book's folder order
/// (<see cref="SampleOrder.Book"/>); the training set gets the book's keyed shuffle with the run's generator,
/// pixels are scaled to [−1, 1]; the test set is the unshuffled t10k set.</item>
/// <item>spiral, vertical: <c>samples</c> per class and <c>classes</c> classes for training, then a second,
/// independent draw of the same size as the test set (chapter 11).</item>
/// <item>sine: 1,000 points for training; the test set is the same function sampled again (chapter 17).</item>
/// <item>CSV: features in every column but the last, the label in the last; the task is classification when every
/// label is a whole number ≥ 0 (classes = largest label + 1), otherwise regression. There is no test set.</item>
/// </list>
/// </remarks>
internal static class DataLoading
{
    /// <summary>Default samples per class for the synthetic classification sets.</summary>
    public const int DefaultSamples = 100;

    /// <summary>Default number of classes for the synthetic classification sets.</summary>
    public const int DefaultClasses = 3;

    /// <summary>Loads <paramref name="choice"/>.</summary>
    /// <param name="choice">The data set.</param>
    /// <param name="dataDir">The folder named by <c>--data-dir</c>, or null.</param>
    /// <param name="random">The run's generator (keyed shuffle, synthetic draws).</param>
    /// <param name="samples">Samples per class for spiral/vertical.</param>
    /// <param name="classes">Classes for spiral/vertical.</param>
    /// <param name="needTrain">False to skip preparing the image training set (evaluation only).</param>
    /// <param name="log">Receives a line as each file's download starts (once its location has answered), or null.</param>
    public static LoadedData Load(DatasetChoice choice, string? dataDir, RandomState random, int samples = DefaultSamples,
        int classes = DefaultClasses, bool needTrain = true, TextWriter? log = null)
    {
        switch (choice.Kind)
        {
            case DatasetKind.FashionMnist:
            case DatasetKind.Mnist:
                return LoadImages(choice, dataDir, random, needTrain, log);
            case DatasetKind.Spiral:
            case DatasetKind.Vertical:
            {
                var (x, y) = choice.Kind == DatasetKind.Spiral
                    ? SyntheticData.Spiral(samples, classes, random)
                    : SyntheticData.Vertical(samples, classes, random);
                var (tx, ty) = choice.Kind == DatasetKind.Spiral
                    ? SyntheticData.Spiral(samples, classes, random)
                    : SyntheticData.Vertical(samples, classes, random);
                return new LoadedData(choice, x, y, tx, ty, classes, InputPreparation.Features(x.Columns, ["x", "y"]));
            }
            case DatasetKind.Sine:
            {
                var (x, y) = SyntheticData.Sine();
                var (tx, ty) = SyntheticData.Sine();
                return new LoadedData(choice, x, y, tx, ty, 0, InputPreparation.Features(x.Columns, ["x"]));
            }
            default:
                return LoadCsv(choice);
        }
    }

    /// <summary>The command-line option that names a data folder: <c>--data-dir</c>.</summary>
    public const string DataDirOption = "--data-dir";

    /// <summary>
    /// The locator the commands use: <paramref name="dataDir"/> (from <see cref="DataDirOption"/>) if given, else the
    /// usual places; its not-found message offers <see cref="DataDirOption"/> among the ways to provide the data.
    /// </summary>
    public static DataLocator Locator(string? dataDir) => new(dataDir) { ExplicitDirectoryOption = DataDirOption };

    /// <summary>The IDX data set descriptor of an image choice.</summary>
    public static IdxDataset Idx(DatasetChoice choice) =>
        choice.Kind == DatasetKind.Mnist ? IdxDataset.Mnist : IdxDataset.FashionMnist;

    private static LoadedData LoadImages(DatasetChoice choice, string? dataDir, RandomState random, bool needTrain, TextWriter? log)
    {
        var idx = Idx(choice);
        if (dataDir is not null && !Directory.Exists(dataDir))
            throw new DirectoryNotFoundException($"{DataDirOption}: folder '{dataDir}' does not exist");
        var locator = Locator(dataDir);
        var progress = log is null ? null : new DownloadLog(log, locator.CacheDirectory(idx));
        string folder = locator.LocateOrDownloadAsync(idx, progress: progress).GetAwaiter().GetResult();
        Matrix trainX;
        int[] trainY;
        if (needTrain)
        {
            var train = idx.Load(folder, DataSplitKind.Train, SampleOrder.Book).Shuffle(random, out _);
            trainX = train.ToMatrix();
            trainY = train.ClassIds();
        }
        else
        {
            trainX = new Matrix(0, 28 * 28);
            trainY = [];
        }
        var test = idx.Load(folder, DataSplitKind.Test, SampleOrder.Book);
        return new LoadedData(choice, trainX, trainY, test.ToMatrix(), test.ClassIds(), 10, test.Input, idx.ClassNames);
    }

    /// <summary>
    /// Prints a line when each file's download starts, i.e. once its location has answered: without a network
    /// nothing is printed, and the not-found error stays the only message.
    /// </summary>
    private sealed class DownloadLog(TextWriter log, string directory) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value)
        {
            if (value.BytesReceived != 0) return;
            string size = value.TotalBytes is long total ? $", {total / 1e6:0.0} MB" : "";
            log.WriteLine($"downloading {value.FileName} ({value.FileIndex + 1}/{value.FileCount}{size}) into {directory}");
        }
    }

    private static LoadedData LoadCsv(DatasetChoice choice)
    {
        var table = NumericCsv.Load(choice.CsvPath!, new CsvOptions { LabelColumn = -1 });
        var labels = table.Labels!;
        if (labels.Length == 0) throw new InvalidDataException($"{choice.CsvPath}: the file has no data rows");
        bool classification = labels.All(v => v >= 0 && v == MathF.Floor(v) && v < 10_000);
        if (classification)
        {
            int[] ids = table.ClassIds();
            return new LoadedData(choice, table.Features, ids, null, null, ids.Max() + 1, table.Input());
        }
        return new LoadedData(choice, table.Features, table.LabelMatrix(), null, null, 0, table.Input());
    }
}
