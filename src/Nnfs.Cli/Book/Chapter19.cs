using System.Text;
using Nnfs.Datasets;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 19, a real dataset: Fashion-MNIST explored (the label folders, the first file names and the count of one
/// class, one image as numbers), prepared (keyed shuffle of the training data, scaling to [−1, 1]) and learned by
/// Dense(784, 128) → ReLU → Dense(128, 128) → ReLU → Dense(128, 10) → Softmax with categorical cross-entropy and
/// <c>Adam(decay=1e-3)</c>: 10 epochs in batches of 128, a report every 100 steps and validation on the test set
/// after each epoch.
/// </summary>
/// <remarks>
/// The book reads a folder of PNGs (<c>fashion_mnist_images/train/&lt;label&gt;/&lt;nnnn&gt;.png</c>); Nnfs reads the
/// IDX files of the same images in the same order (<see cref="SampleOrder.Book"/>: class-major, files numbered in IDX
/// order), so the folder listing is printed from the data: label folders <c>0</c>…<c>9</c>, file names
/// <c>0000.png</c>… and 6,000 files per class. The default is the exact (NumPy) path; <c>--fast</c> trains on the fast
/// path, whose numbers differ in the last bits and drift over the steps.
/// </remarks>
public sealed class Chapter19 : Chapter
{
    /// <summary>The image the chapter prints: <c>train/7/0002.png</c>, a sneaker.</summary>
    private const int PrintedLabel = 7, PrintedFile = 2;

    /// <inheritdoc />
    public override int Number => 19;

    /// <inheritdoc />
    public override string Title => "A real dataset: Fashion-MNIST, prepared and learned in batches";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        Init(options);
        var data = FashionMnistBook.Load(options);
        Explore(output, data.Train);
        var model = FashionMnistBook.CreateModel(output);
        FashionMnistBook.Train(model, data, options);
    }

    /// <summary>
    /// The book's look at the folders: <c>print(labels)</c>, <c>print(files[:10])</c> and <c>print(len(files))</c> for
    /// label 0, then <c>print(image_data)</c> of <c>train/7/0002.png</c> with <c>np.set_printoptions(linewidth=200)</c>.
    /// </summary>
    internal static void Explore(TextWriter output, ImageDataSet train)
    {
        var counts = train.CountPerClass(FashionMnistBook.Labels.Count);
        var labels = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0).ToArray();
        output.WriteLine(PythonList(labels.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        output.WriteLine(PythonList(Enumerable.Range(0, Math.Min(10, counts[0])).Select(FileName)));
        output.WriteLine(counts[0]);
        int index = counts.Take(PrintedLabel).Sum() + PrintedFile;
        output.Write(UInt8Array(train.Image(index), train.Height, train.Width));
    }

    /// <summary>The name of the <paramref name="index"/>-th file of a label folder: <c>0000.png</c>, <c>0001.png</c>, ….</summary>
    private static string FileName(int index) => index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) + ".png";

    /// <summary>Python's <c>print</c> of a list of strings: <c>['0', '1']</c>.</summary>
    private static string PythonList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(s => $"'{s}'")) + "]";

    /// <summary>
    /// NumPy's print of a 2-D uint8 array when a row fits the line width (200 here): every value right-aligned to the
    /// widest value's digits, separated by one space, rows in brackets.
    /// </summary>
    internal static string UInt8Array(ReadOnlySpan<byte> pixels, int rows, int columns)
    {
        int width = 1;
        foreach (byte p in pixels) width = Math.Max(width, p >= 100 ? 3 : p >= 10 ? 2 : 1);
        var text = new StringBuilder();
        for (int r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "[[" : " [");
            for (int c = 0; c < columns; c++)
            {
                if (c > 0) text.Append(' ');
                text.Append(pixels[r * columns + c].ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width));
            }
            text.Append(r == rows - 1 ? "]]" : "]").Append('\n');
        }
        return text.ToString();
    }
}
