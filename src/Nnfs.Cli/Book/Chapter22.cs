using System.Globalization;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Imaging;
using Nnfs.Models;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 22, prediction: the model from <c>--model</c> (else chapter 19's, trained first) predicts the first five
/// test images — the predicted class ids, <c>y_test[:5]</c> and the names — and then images from files: loaded as
/// gray, resized to 28 × 28, inverted when the background is light, scaled, and classified.
/// </summary>
/// <remarks>
/// The book photographs a T-shirt and a pair of trousers (<c>tshirt.png</c>, <c>pants.png</c>: 256 × 256, dark
/// garment on white). Those files are not distributed with Nnfs, so without <c>--image</c> the chapter makes stand-ins
/// of the same kind from the first T-shirt and the first trousers of the test set: enlarged to 256 × 256 and inverted
/// to dark on light, written as PNG into <c>--output-dir</c> or a temporary folder, then read back through the full
/// image path. Each image prints as <c>file: label (confidence)</c>.
/// </remarks>
public sealed class Chapter22 : Chapter
{
    /// <summary>The stand-ins' file names and the test-set class each is taken from.</summary>
    internal static readonly (string File, int Label)[] StandIns = [("tshirt.png", 0), ("pants.png", 1)];

    /// <summary>The book's photo size (256 × 256).</summary>
    internal const int PhotoSize = 256;

    /// <inheritdoc />
    public override int Number => 22;

    /// <inheritdoc />
    public override string Title => "Prediction: the test set and images from files";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        Init(options);
        Model model;
        ImageDataSet test;
        if (options.ModelPath is { } path)
        {
            model = ModelFile.Load(path);
            model.Output = output;
            test = IdxDataset.FashionMnist.Load(FashionMnistBook.Locate(options), DataSplitKind.Test, SampleOrder.Book);
        }
        else
        {
            FashionMnistData data;
            (data, model) = FashionMnistBook.TrainBookModel(output, options);
            test = data.Test;
        }
        if (model.OutputLayerActivation is null)
            throw new ArgumentException($"The model in '{options.ModelPath}' does not end with an output activation; it cannot predict classes.");

        var first = test.Select([0, 1, 2, 3, 4]);
        var predictions = ClassIds(model, first.ToMatrix(), out _);
        output.WriteLine(IntArray(predictions));
        output.WriteLine(IntArray(first.ClassIds()));
        foreach (int p in predictions) output.WriteLine(LabelName(p));

        using var folder = new OutputFolder(options.OutputDir, "nnfs-book22-");
        var images = options.Images is { Count: > 0 } given ? given : WriteStandIns(test, folder.Path);
        var x = ImagePreparation.LoadForPrediction(images, InvertMode.Auto, out _);
        var ids = ClassIds(model, x, out var confidences);
        for (int i = 0; i < images.Count; i++)
            output.WriteLine($"{Path.GetFileName(images[i])}: {LabelName(ids[i])} ({PythonFormat.Fixed(confidences[i], 3)})");
    }

    /// <summary>
    /// Writes the stand-ins for the book's photos into <paramref name="directory"/>: for each of
    /// <see cref="StandIns"/>, the first test image of its class, enlarged to 256 × 256 (bilinear) and inverted.
    /// </summary>
    /// <returns>The files' paths.</returns>
    internal static IReadOnlyList<string> WriteStandIns(ImageDataSet test, string directory)
    {
        var paths = new List<string>();
        foreach (var (file, label) in StandIns)
        {
            int index = Array.IndexOf(test.Labels, (byte)label);
            if (index < 0) throw new ArgumentException($"The test set has no image of class {label} ({LabelName(label)}) to make {file} from.");
            var image = new GrayImage(test.Width, test.Height, test.Image(index).ToArray());
            var photo = BilinearResize.Resize(image, PhotoSize, PhotoSize).Invert();
            string path = Path.Combine(directory, file);
            ImageCodec.SavePng(photo, path);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary><c>model.output_layer_activation.predictions(model.predict(x))</c>, with each row's top confidence.</summary>
    private static int[] ClassIds(Model model, Matrix x, out float[] confidences)
    {
        var outputs = model.Predict(x);
        var predictions = model.OutputLayerActivation!.Predictions(outputs);
        var ids = new int[x.Rows];
        confidences = new float[x.Rows];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = (int)predictions[i, 0];
            confidences[i] = outputs[i, ids[i]];
        }
        return ids;
    }

    /// <summary>The class name, or the id itself for a class the labels do not cover.</summary>
    private static string LabelName(int id) =>
        id >= 0 && id < FashionMnistBook.Labels.Count ? FashionMnistBook.Labels[id] : id.ToString(CultureInfo.InvariantCulture);

    /// <summary>NumPy's print of a 1-D integer array: <c>[0 0 0 0 0]</c>, values right-aligned to the widest.</summary>
    internal static string IntArray(IReadOnlyList<int> values)
    {
        var text = values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
        int width = text.Length == 0 ? 0 : text.Max(t => t.Length);
        return "[" + string.Join(" ", text.Select(t => t.PadLeft(width))) + "]";
    }
}
