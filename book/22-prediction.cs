#:project ../src/Nnfs/Nnfs.csproj
#:project ../src/Nnfs.Imaging/Nnfs.Imaging.csproj
// Chapter 22, prediction: the model book/21-saving-loading.cs saved (fashion_mnist.model in the current folder) predicts
// the first five test images, then two photos. The book downloads its tshirt.png and pants.png; here stand-ins are
// made from the test set (the first T-shirt and the first trouser, enlarged to 256 x 256 and inverted to dark on
// light, like a photo) and prepared as the book prepares its photos: grayscale, 28 x 28, inverted, scaled.
using System.Globalization;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Imaging;
using Nnfs.Serialization;
using Nnfs.Tensors;

// Label index to label name relation
string[] fashion_mnist_labels = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

if (!File.Exists("fashion_mnist.model"))
{
    Console.Error.WriteLine($"fashion_mnist.model is not in {Environment.CurrentDirectory}; run book/21-saving-loading.cs here first.");
    return 1;
}

// Read the test data in the book's order, found as `nnfs train` finds it (docs/data.md)
var folder = await new DataLocator().LocateOrDownloadAsync(IdxDataset.FashionMnist);
var test = IdxDataset.FashionMnist.Load(folder, DataSplitKind.Test, SampleOrder.Book);

// Load the model
var model = ModelFile.Load("fashion_mnist.model");

// Predict on the first 5 samples from the validation dataset and print the result
var first = test.Select([0, 1, 2, 3, 4]);
var confidences = model.Predict(first.ToMatrix());
var predictions = model.OutputLayerActivation!.Predictions(confidences);
Console.WriteLine(IntArray(ClassIds(predictions)));

// Print first 5 labels
Console.WriteLine(IntArray(first.ClassIds()));

// Get label names from label indices
foreach (var prediction in ClassIds(predictions)) Console.WriteLine(fashion_mnist_labels[prediction]);

// The photos: stand-ins for the book's tshirt.png and pants.png
string[] photos = [StandIn(test, label: 0, "tshirt.png"), StandIn(test, label: 1, "pants.png")];

// Read, convert to grayscale, resize to 28 x 28, invert (the photos are dark on light), scale to [-1, 1]
var image_data = ImagePreparation.LoadForPrediction(photos, InvertMode.Auto, out _);

// Predict on the images
confidences = model.Predict(image_data);
predictions = model.OutputLayerActivation.Predictions(confidences);
var ids = ClassIds(predictions);
for (var i = 0; i < photos.Length; i++)
    Console.WriteLine($"{photos[i]}: {fashion_mnist_labels[ids[i]]} ({PythonFormat.Fixed(confidences[i, ids[i]], 3)})");
return 0;

// The predicted class of each row (predictions holds one class id per row)
static int[] ClassIds(Matrix predictions) => Enumerable.Range(0, predictions.Rows).Select(i => (int)predictions[i, 0]).ToArray();

// NumPy's print of a 1-D integer array: [0 0 0 0 0], values right-aligned to the widest
static string IntArray(IReadOnlyList<int> values)
{
    var text = values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
    var width = text.Length == 0 ? 0 : text.Max(t => t.Length);
    return "[" + string.Join(" ", text.Select(t => t.PadLeft(width))) + "]";
}

// The first test image of the class, enlarged to the book's 256 x 256 and inverted, saved as a PNG in the current folder
static string StandIn(ImageDataSet test, int label, string file)
{
    var index = Array.IndexOf(test.Labels, (byte)label);
    var image = new GrayImage(test.Width, test.Height, test.Image(index).ToArray());
    ImageCodec.SavePng(BilinearResize.Resize(image, 256, 256).Invert(), file);
    return file;
}
