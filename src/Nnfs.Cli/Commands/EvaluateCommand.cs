using System.CommandLine;
using System.Globalization;
using Nnfs.Cli.Plots;
using Nnfs.Models;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Cli.Commands;

/// <summary>
/// <c>nnfs evaluate MODEL</c>: loads a saved model and reports its accuracy and loss on a data set's test set (the
/// book's chapter 20/21 <c>evaluate</c> line), plus a confusion matrix for classifiers, as text and optionally PNG.
/// </summary>
/// <remarks>
/// The test set is the one <c>nnfs train</c> validates on: the t10k files for fashion-mnist and mnist; for spiral and
/// vertical the second draw after the training set with the same <c>--seed</c>, <c>--samples</c> and
/// <c>--classes</c>; for sine the sampled function; for a CSV file, every row of the file.
/// </remarks>
internal static class EvaluateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Model file written by 'nnfs train'." };
        var dataset = new Option<DatasetChoice>("--dataset", "-d")
        {
            Description = "Data set whose test set to use: fashion-mnist, mnist, spiral, vertical, sine, or a CSV file (label in the last column; all rows are used).",
            HelpName = "name|file.csv",
            DefaultValueFactory = _ => DatasetChoice.Default,
        }.WithParser(DatasetChoice.Parse);
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Folder with the IDX files (default: $NNFS_DATA, ~/.cache/nnfs, /usr/share/datasets, else download).",
            HelpName = "folder",
        };
        var samples = new Option<int?>("--samples") { Description = "spiral/vertical: samples per class, as in training [default: 100]." }.WholeNumber(1, TrainCommand.MaxSamples);
        var classes = new Option<int?>("--classes") { Description = "spiral/vertical: classes, as in training [default: 3]." }.WholeNumber(2, TrainCommand.MaxClasses);
        var seed = new Option<uint>("--seed") { Description = "spiral/vertical: the training seed, to draw the same test set [default: 0]." }.Unsigned();
        var batch = new Option<int?>("--batch-size", "-b") { Description = "Samples per forward pass [default: all at once]." }.WholeNumber(1);
        var plot = new Option<string?>("--plot") { Description = "Write the confusion matrix as a PNG heatmap to this file; missing folders are created.", HelpName = "file.png" };

        var command = new Command("evaluate", "Report a saved model's accuracy, loss and confusion matrix on a data set's test set.")
        {
            model, dataset, dataDir, samples, classes, seed, batch, plot,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (output, _) =>
        {
            var choice = parse.GetValue(dataset)!;
            if (!choice.IsImages && parse.GetValue(dataDir) is not null)
                throw new ArgumentException($"--data-dir applies to fashion-mnist and mnist, not {choice.Name}");
            Run(parse.GetValue(model)!, choice, parse.GetValue(dataDir), parse.GetValue(samples) ?? DataLoading.DefaultSamples,
                parse.GetValue(classes) ?? DataLoading.DefaultClasses, parse.GetValue(seed), parse.GetValue(batch), parse.GetValue(plot), output);
            return 0;
        }));
        return command;
    }

    /// <summary>Evaluates <paramref name="modelPath"/> on the test set of <paramref name="choice"/>.</summary>
    public static Evaluation Run(string modelPath, DatasetChoice choice, string? dataDir, int samples, int classes, uint seed,
        int? batchSize, string? plotPath, TextWriter output)
    {
        if (plotPath is not null) OutputFiles.Prepare(plotPath, "--plot");
        var model = ModelFiles.Load(modelPath);
        var data = DataLoading.Load(choice, dataDir, new RandomState(seed), samples, classes, needTrain: false, log: output);
        var (x, y, name) = data.TestX is not null ? (data.TestX, data.TestY!, "test set") : (data.TrainX, data.TrainY, "all rows");
        int inputs = ModelBuilder.InputCount(model);
        if (x.Columns != inputs)
            throw new ArgumentException($"{modelPath} expects {inputs} input features, but {choice.Name} has {x.Columns}");
        bool classifier = ModelBuilder.IsClassifier(model);
        if (classifier == data.IsRegression)
            throw new ArgumentException($"{modelPath} is a {(classifier ? "classifier" : "regression model")}, but {choice.Name} is a {(data.IsRegression ? "regression" : "classification")} data set");

        output.WriteLine(Inv($"model: {modelPath} ({ModelBuilder.Shape(model)})"));
        output.WriteLine(Inv($"data: {choice.Name} {name}, {x.Rows} samples"));
        model.Output = output;
        model.Report = TrainingReport.Steps;
        var evaluation = model.Evaluate(x, y, batchSize);
        output.WriteLine(Inv($"accuracy: {evaluation.Accuracy:0.0000}"));
        output.WriteLine(Inv($"loss: {evaluation.Loss:0.0000}"));
        if (!classifier) return evaluation;

        int outputs = ModelBuilder.OutputCount(model);
        int[] predicted = Trainer.Classify(model, x);
        int[] truth = y.Classes!;
        int classCount = Math.Max(outputs, truth.Length == 0 ? 0 : truth.Max() + 1);
        var matrix = new ConfusionMatrix(classCount, truth, predicted);
        var names = choice.LabelNames(classCount);
        output.WriteLine();
        output.WriteLine("confusion matrix (rows: true class, columns: predicted class):");
        output.Write(matrix.ToText(names));
        if (plotPath is not null)
        {
            ConfusionMatrixPlot.Save(matrix, names, plotPath, Inv($"{choice.Name}: confusion matrix (accuracy {evaluation.Accuracy:0.000})"));
            output.WriteLine($"plot: {plotPath}");
        }
        return evaluation;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
