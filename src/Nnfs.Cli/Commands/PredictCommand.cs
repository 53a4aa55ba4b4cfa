using System.CommandLine;
using System.Globalization;
using Nnfs.Datasets;
using Nnfs.Imaging;
using Nnfs.Inference;
using Nnfs.Models;
using Nnfs.Tensors;

namespace Nnfs.Cli.Commands;

/// <summary>
/// <c>nnfs predict MODEL FILES… [--top K] [--format text|json|csv]</c>: the book's chapter 22 inference on image files
/// (PNG/JPEG) and on CSV rows, through a <see cref="Predictor"/>.
/// </summary>
/// <remarks>
/// <para>A model that records its input (<see cref="Model.Input"/>, every model <c>nnfs train</c> writes) takes raw
/// input and prepares it as recorded: CSV rows of raw values (0–255 pixels for an image model, raw features for a
/// tabular one), and images read as gray, resized to the recorded height × width, inverted when their background is
/// light (<c>--invert</c>/<c>--no-invert</c> force it), then scaled as recorded. An image given to a model whose recorded
/// input is not an image is refused. A model file without a recorded input keeps the earlier behaviour: CSV rows are
/// taken as already prepared, and an image needs a square number of inputs (784 = 28 × 28) and is scaled by the
/// book's <c>(x − 127.5) / 127.5</c>.</para>
/// <para>A CSV file has one sample per row, with as many numbers as the model has inputs; one extra (last) column is
/// taken as the true label and shown. Class names: the model's own (<see cref="Model.ClassNames"/>) unless
/// <c>--dataset</c> is given; without either, Fashion-MNIST's garment names for 10-class models, else the class ids.
/// <c>--top K</c> (default 1) shows the K most probable classes; the formats are described by
/// <see cref="PredictionWriter"/>.</para>
/// </remarks>
internal static class PredictCommand
{
    /// <summary>The default of <c>--top</c>: the predicted class alone, as the book prints it.</summary>
    public const int DefaultTop = 1;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Model file written by 'nnfs train'." };
        var files = new Argument<string[]>("FILES") { Description = "PNG/JPEG images or CSV files (one sample per row).", Arity = ArgumentArity.OneOrMore };
        var invert = new Option<bool>("--invert") { Description = "Always invert images (dark object on a light background)." };
        var noInvert = new Option<bool>("--no-invert") { Description = "Never invert images (light object on a dark background, like the data set)." };
        var dataset = new Option<string>("--dataset", "-d")
        {
            Description = "Names the labels: fashion-mnist (garment names) or mnist/ids (class ids). Default: the names the model records, else fashion-mnist.",
            HelpName = "fashion-mnist|mnist|ids",
        }.WithParser(t => TrainCommand.ParseEnum<LabelSet>(t.Replace("-", ""), "--dataset", "fashionmnist", "mnist", "ids") switch
        {
            LabelSet.FashionMnist => "fashion-mnist",
            LabelSet.Mnist => "mnist",
            _ => "ids",
        });
        var top = new Option<int>("--top", "-k")
        {
            Description = $"Show the K most probable classes of each sample (default {DefaultTop}).",
            HelpName = "K",
            DefaultValueFactory = _ => DefaultTop,
        }.WholeNumber(1);
        var format = new Option<PredictionFormat>("--format", "-f")
        {
            Description = "Output format: text (one line per sample), json or csv (every sample's top classes with probabilities).",
            HelpName = "text|json|csv",
            DefaultValueFactory = _ => PredictionFormat.Text,
        }.WithParser(t => TrainCommand.ParseEnum<PredictionFormat>(t, "--format", "text", "json", "csv"));
        var command = new Command("predict", "Predict the class of images or CSV rows with a saved model, one line per sample.")
        {
            model, files, invert, noInvert, dataset, top, format,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (output, _) =>
        {
            bool always = parse.GetValue(invert), never = parse.GetValue(noInvert);
            if (always && never) throw new ArgumentException("--invert and --no-invert cannot be used together");
            var mode = always ? InvertMode.Always : never ? InvertMode.Never : InvertMode.Auto;
            var labels = parse.GetValue(dataset) switch
            {
                null => null,
                "fashion-mnist" => DatasetChoice.Default,
                _ => new DatasetChoice(DatasetKind.Mnist),
            };
            var predictions = Run(parse.GetValue(model)!, parse.GetValue(files)!, mode, labels, parse.GetValue(top));
            PredictionWriter.Write(output, predictions, parse.GetValue(format));
            return 0;
        }));
        return command;
    }

    private enum LabelSet { FashionMnist, Mnist, Ids }

    /// <summary>Predicts every sample of <paramref name="files"/>.</summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="files">Images and CSV files.</param>
    /// <param name="invert">Whether images are inverted.</param>
    /// <param name="labels">The data set whose label names to show (<c>--dataset</c>), or null for the model's own.</param>
    /// <param name="top">How many classes to give per sample, at least 1.</param>
    public static IReadOnlyList<Prediction> Run(string modelPath, IReadOnlyList<string> files, InvertMode invert, DatasetChoice? labels,
        int top = DefaultTop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var model = ModelFiles.Load(modelPath);
        var recorded = model.Input;
        var predictor = new Predictor(model);
        var names = labels is not null ? labels.LabelNames(predictor.ClassNames.Count)
            : model.ClassNames ?? DatasetChoice.Default.LabelNames(predictor.ClassNames.Count);
        Predictor? images = null;
        var results = new List<Prediction>();
        foreach (string file in files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"'{file}' does not exist", file);
            if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                var (x, truth) = ReadCsv(file, predictor.InputLength);
                var sources = Enumerable.Range(1, x.Rows).Select(r => $"{file}:{r}").ToArray();
                results.AddRange(Predict(predictor, x, sources, null, truth, names, top));
            }
            else
            {
                images ??= ImagePredictor(model, recorded, predictor, file);
                var input = images.Input;
                var gray = ImagePreparation.Prepare(ImageCodec.LoadGray(file), invert, out bool inverted, input.Width, input.Height);
                var raw = new Matrix(1, gray.Pixels.Length);
                for (int i = 0; i < gray.Pixels.Length; i++) raw.Span[i] = gray.Pixels[i];
                results.AddRange(Predict(images, raw, [file], [inverted], null, names, top));
            }
        }
        return results;
    }

    /// <summary>The predictor for images: the model's own when it records an image input; for a file without a
    /// recorded input, the book's square image with pixel scaling; otherwise the image is refused.</summary>
    private static Predictor ImagePredictor(Model model, InputPreparation? recorded, Predictor predictor, string file)
    {
        if (recorded is not null)
            return recorded.Kind == InputKind.Image ? predictor
                : throw new InvalidDataException($"{file}: the model takes {recorded}{Names(recorded)}, not an image; give it a CSV file of rows");
        int inputs = predictor.InputLength;
        int side = (int)Math.Round(Math.Sqrt(inputs));
        if (side * side != inputs)
            throw new ArgumentException($"{file}: images need a model with a square number of inputs (784 = 28×28), this one has {inputs}");
        model.Input = InputPreparation.Image(side, side);
        return new Predictor(model);
    }

    private static string Names(InputPreparation input) =>
        input.FeatureNames is { Count: > 0 } names ? $" ({string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", …" : "")})" : "";

    private static IEnumerable<Prediction> Predict(Predictor predictor, Matrix x, string[] sources, bool[]? inverted,
        float[]? truth, IReadOnlyList<string> names, int top)
    {
        bool classifier = predictor.IsClassifier;
        if (!classifier)
        {
            var outputs = predictor.Predict(x);
            for (int i = 0; i < x.Rows; i++)
                yield return new Prediction(sources[i], null, outputs.Row(i).ToArray(), inverted?[i] ?? false, Truth(truth, i, names, false));
            yield break;
        }
        var ranked = predictor.TopK(x, top);
        for (int i = 0; i < x.Rows; i++)
        {
            var scores = ranked[i].Select(s => s with { Name = names[s.ClassId] }).ToArray();
            yield return new Prediction(sources[i], scores, null, inverted?[i] ?? false, Truth(truth, i, names, true));
        }
    }

    private static string? Truth(float[]? truth, int row, IReadOnlyList<string> names, bool classifier)
    {
        if (truth is null) return null;
        float value = truth[row];
        return classifier && value >= 0 && value < names.Count && value == MathF.Floor(value)
            ? names[(int)value]
            : value.ToString("G6", CultureInfo.InvariantCulture);
    }

    private static (Matrix X, float[]? Truth) ReadCsv(string file, int inputs)
    {
        var table = NumericCsv.Load(file);
        if (table.Features.Columns == inputs) return (table.Features, null);
        if (table.Features.Columns == inputs + 1)
        {
            var labelled = NumericCsv.Load(file, new CsvOptions { LabelColumn = -1 });
            return (labelled.Features, labelled.Labels);
        }
        throw new InvalidDataException(
            $"{file}: rows have {table.Features.Columns} numbers, but the model takes {inputs} inputs (optionally followed by a label)");
    }
}
