using Nnfs.Datasets;
using System.Globalization;

namespace Nnfs.Cli.Commands;

/// <summary>The data sets the commands know (<c>--dataset</c>).</summary>
internal enum DatasetKind
{
    /// <summary>Zalando's Fashion-MNIST (the book's chapters 19–22).</summary>
    FashionMnist,

    /// <summary>MNIST handwritten digits.</summary>
    Mnist,

    /// <summary>The book's spiral data (classification, 2-D).</summary>
    Spiral,

    /// <summary>The book's vertical data (classification, 2-D).</summary>
    Vertical,

    /// <summary>The book's sine data (regression, 1-D).</summary>
    Sine,

    /// <summary>A numeric CSV file, label in the last column.</summary>
    Csv,
}

/// <summary>A parsed <c>--dataset</c> value: a known name, or a CSV file.</summary>
/// <param name="Kind">Which data set.</param>
/// <param name="CsvPath">The CSV file for <see cref="DatasetKind.Csv"/>.</param>
internal sealed record DatasetChoice(DatasetKind Kind, string? CsvPath = null)
{
    /// <summary>The names accepted by <see cref="Parse"/>, besides CSV paths.</summary>
    public static readonly string[] Names = ["fashion-mnist", "mnist", "spiral", "vertical", "sine"];

    /// <summary>The name, as shown in help and messages.</summary>
    public override string ToString() => Kind == DatasetKind.Csv ? CsvPath! : Name;

    /// <summary>The default: Fashion-MNIST.</summary>
    public static DatasetChoice Default { get; } = new(DatasetKind.FashionMnist);

    /// <summary>The name to show and to derive the model file name from.</summary>
    public string Name => Kind switch
    {
        DatasetKind.FashionMnist => "fashion-mnist",
        DatasetKind.Mnist => "mnist",
        DatasetKind.Spiral => "spiral",
        DatasetKind.Vertical => "vertical",
        DatasetKind.Sine => "sine",
        _ => Path.GetFileNameWithoutExtension(CsvPath!),
    };

    /// <summary>True for the synthetic 2-D classification sets whose decision regions can be drawn.</summary>
    public bool IsTwoDimensionalClassification => Kind is DatasetKind.Spiral or DatasetKind.Vertical;

    /// <summary>True for the data sets read from IDX files.</summary>
    public bool IsImages => Kind is DatasetKind.FashionMnist or DatasetKind.Mnist;

    /// <summary>The default model file: the name with '-' as '_' plus <c>.model</c>, e.g. <c>fashion_mnist.model</c>.</summary>
    public string DefaultModelFile => Name.Replace('-', '_') + ".model";

    /// <summary>Parses a name (case-insensitive) or a path to an existing <c>.csv</c> file.</summary>
    /// <exception cref="FormatException">Neither a known name nor a CSV file.</exception>
    public static DatasetChoice Parse(string text)
    {
        string t = text.Trim();
        switch (t.ToLowerInvariant())
        {
            case "fashion-mnist" or "fashion_mnist" or "fashionmnist": return new(DatasetKind.FashionMnist);
            case "mnist": return new(DatasetKind.Mnist);
            case "spiral": return new(DatasetKind.Spiral);
            case "vertical": return new(DatasetKind.Vertical);
            case "sine": return new(DatasetKind.Sine);
        }
        if (t.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || File.Exists(t))
        {
            if (!File.Exists(t)) throw new FormatException($"--dataset: CSV file '{text}' does not exist");
            return new(DatasetKind.Csv, t);
        }
        throw new FormatException(
            $"--dataset: expected {string.Join(", ", Names)} or a path to a CSV file, got '{text}'");
    }

    /// <summary>Label names for <paramref name="classes"/> output classes: the data set's own when it has them, else the ids.</summary>
    public IReadOnlyList<string> LabelNames(int classes) => Kind switch
    {
        DatasetKind.FashionMnist when classes == FashionMnistLabels.Count => FashionMnistLabels,
        _ => [.. Enumerable.Range(0, classes).Select(i => i.ToString(CultureInfo.InvariantCulture))],
    };

    /// <summary>The book's <c>fashion_mnist_labels</c> (chapter 22).</summary>
    public static IReadOnlyList<string> FashionMnistLabels { get; } = IdxDataset.FashionMnist.ClassNames!;
}
