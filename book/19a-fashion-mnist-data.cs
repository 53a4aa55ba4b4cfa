#:project ../src/Nnfs/Nnfs.csproj
// Chapter 19, a real dataset: a first look at Fashion-MNIST. The book lists its folder of PNGs
// (fashion_mnist_images/train/<label>/<nnnn>.png); Nnfs reads the IDX files holding the same images in the same order
// (SampleOrder.Book), so the listing is printed from the data: label folders 0..9, files 0000.png.., 6,000 per class.
// The data is found as `nnfs train` finds it (docs/data.md), and downloaded into the per-user cache as a last resort.
using System.Globalization;
using Nnfs.Datasets;

var folder = await new DataLocator().LocateOrDownloadAsync(IdxDataset.FashionMnist);
var train = IdxDataset.FashionMnist.Load(folder, DataSplitKind.Train, SampleOrder.Book);
var files_per_label = train.CountPerClass(10);

// labels = os.listdir('fashion_mnist_images/train')
var labels = Enumerable.Range(0, 10).Where(label => files_per_label[label] > 0).ToArray();
Console.WriteLine(PythonList(labels.Select(label => label.ToString(CultureInfo.InvariantCulture))));

// files = os.listdir('fashion_mnist_images/train/0'); print(files[:10]); print(len(files))
Console.WriteLine(PythonList(Enumerable.Range(0, Math.Min(10, files_per_label[0])).Select(i => i.ToString("D4", CultureInfo.InvariantCulture) + ".png")));
Console.WriteLine(files_per_label[0]);

// image_data = cv2.imread('fashion_mnist_images/train/7/0002.png', cv2.IMREAD_UNCHANGED); np.set_printoptions(linewidth=200)
var image_data = train.Image(files_per_label[..7].Sum() + 2);
Console.Write(UInt8Array(image_data, train.Height, train.Width));

// Python's print of a list of strings: ['0', '1']
static string PythonList(IEnumerable<string> items) => "[" + string.Join(", ", items.Select(s => $"'{s}'")) + "]";

// NumPy's print of a 2-D uint8 array whose rows fit the line: values right-aligned to the widest, rows in brackets
static string UInt8Array(ReadOnlySpan<byte> pixels, int rows, int columns)
{
    var width = 1;
    foreach (var p in pixels) width = Math.Max(width, p >= 100 ? 3 : p >= 10 ? 2 : 1);
    var text = new System.Text.StringBuilder();
    for (var r = 0; r < rows; r++)
    {
        text.Append(r == 0 ? "[[" : " [");
        for (var c = 0; c < columns; c++)
            text.Append(c > 0 ? " " : "").Append(pixels[r * columns + c].ToString(CultureInfo.InvariantCulture).PadLeft(width));
        text.Append(r == rows - 1 ? "]]" : "]").Append('\n');
    }
    return text.ToString();
}
