using System.CommandLine;
using System.Globalization;
using Nnfs.Datasets;
using Nnfs.Imaging;
using Nnfs.Models;
using Nnfs.Tensors;

namespace Nnfs.Cli.Commands;

/// <summary>
/// <c>nnfs predict MODEL FILES…</c>: the book's chapter 22 inference on image files (PNG/JPEG, prepared like
/// Fashion-MNIST) and on CSV rows.
/// </summary>
/// <remarks>
/// Images are read as gray, resized to the model's square input (28 × 28 for 784 inputs), inverted when their
/// background is light (<c>--invert</c>/<c>--no-invert</c> force it), and scaled to [−1, 1]. A CSV file has one sample
/// per row, with as many numbers as the model has inputs; one extra (last) column is taken as the true label and shown.
/// Labels are named after <c>--dataset</c>: Fashion-MNIST's garment names for 10-class models (the default),
/// otherwise the class ids.
/// </remarks>
internal static class PredictCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Model file written by 'nnfs train'." };
        var files = new Argument<string[]>("FILES") { Description = "PNG/JPEG images or CSV files (one sample per row).", Arity = ArgumentArity.OneOrMore };
        var invert = new Option<bool>("--invert") { Description = "Always invert images (dark object on a light background)." };
        var noInvert = new Option<bool>("--no-invert") { Description = "Never invert images (light object on a dark background, like the data set)." };
        var dataset = new Option<string>("--dataset", "-d")
        {
            Description = "Names the labels: fashion-mnist (garment names) or mnist/ids (class ids).",
            HelpName = "fashion-mnist|mnist|ids",
            DefaultValueFactory = _ => "fashion-mnist",
        }.WithParser(t => TrainCommand.ParseEnum<LabelSet>(t.Replace("-", ""), "--dataset", "fashionmnist", "mnist", "ids") switch
        {
            LabelSet.FashionMnist => "fashion-mnist",
            LabelSet.Mnist => "mnist",
            _ => "ids",
        });
        var command = new Command("predict", "Predict the class of images or CSV rows with a saved model, one line per sample.")
        {
            model, files, invert, noInvert, dataset,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (output, _) =>
        {
            bool always = parse.GetValue(invert), never = parse.GetValue(noInvert);
            if (always && never) throw new ArgumentException("--invert and --no-invert cannot be used together");
            var mode = always ? InvertMode.Always : never ? InvertMode.Never : InvertMode.Auto;
            var labels = parse.GetValue(dataset) == "fashion-mnist" ? DatasetChoice.Default : new DatasetChoice(DatasetKind.Mnist);
            foreach (var p in Run(parse.GetValue(model)!, parse.GetValue(files)!, mode, labels))
                output.WriteLine(p.ToString());
            return 0;
        }));
        return command;
    }

    private enum LabelSet { FashionMnist, Mnist, Ids }

    /// <summary>Predicts every sample of <paramref name="files"/>.</summary>
    public static IReadOnlyList<Prediction> Run(string modelPath, IReadOnlyList<string> files, InvertMode invert, DatasetChoice labels)
    {
        var model = ModelFiles.Load(modelPath);
        int inputs = ModelBuilder.InputCount(model);
        bool classifier = ModelBuilder.IsClassifier(model);
        var names = labels.LabelNames(ModelBuilder.OutputCount(model));
        var results = new List<Prediction>();
        foreach (string file in files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"'{file}' does not exist", file);
            if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                var (x, truth) = ReadCsv(file, inputs);
                var sources = Enumerable.Range(1, x.Rows).Select(r => $"{file}:{r}").ToArray();
                var notes = truth?.Select(t => $"true: {Name(t, names, classifier)}").ToArray();
                results.AddRange(Predict(model, x, sources, notes, names, classifier));
            }
            else
            {
                int side = (int)Math.Round(Math.Sqrt(inputs));
                if (side * side != inputs)
                    throw new ArgumentException($"{file}: images need a model with a square number of inputs (784 = 28×28), this one has {inputs}");
                var x = ImagePreparation.LoadForPrediction([file], invert, out bool[] inverted, side, side);
                results.AddRange(Predict(model, x, [file], [inverted[0] ? "inverted" : null], names, classifier));
            }
        }
        return results;
    }

    private static IEnumerable<Prediction> Predict(Model model, Matrix x, string[] sources, string?[]? notes,
        IReadOnlyList<string> names, bool classifier)
    {
        var outputs = model.Predict(x);
        if (!classifier)
        {
            for (int i = 0; i < x.Rows; i++)
                yield return new Prediction(sources[i], outputs[i, 0].ToString("G6", CultureInfo.InvariantCulture), null, notes?[i]);
            yield break;
        }
        var predictions = model.OutputLayerActivation!.Predictions(outputs);
        for (int i = 0; i < x.Rows; i++)
        {
            int k = (int)predictions[i, 0];
            yield return new Prediction(sources[i], names[k], outputs[i, k], notes?[i]);
        }
    }

    private static string Name(float value, IReadOnlyList<string> names, bool classifier) =>
        classifier && value >= 0 && value < names.Count && value == MathF.Floor(value)
            ? names[(int)value]
            : value.ToString("G6", CultureInfo.InvariantCulture);

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
