using System.Diagnostics;
using System.Globalization;
using Nnfs.Cli.Plots;
using Nnfs.Datasets;
using Nnfs.Models;
using Nnfs.Randomness;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Cli.Commands;

/// <summary>What a training run produced.</summary>
/// <param name="History">Per-epoch metrics.</param>
/// <param name="Validation">The last validation result, or null without validation.</param>
/// <param name="TrainingTime">Time spent in <see cref="Model.Train"/>.</param>
/// <param name="ModelPath">The saved model file.</param>
/// <param name="Plots">PNG files written.</param>
internal sealed record TrainOutcome(History History, Evaluation? Validation, TimeSpan TrainingTime, string ModelPath, IReadOnlyList<string> Plots);

/// <summary>Runs <c>nnfs train</c>: data, model, training with a report, saving, plots and the summary.</summary>
internal static class Trainer
{
    /// <summary>Trains as <paramref name="settings"/> say, writing the report and summary to <paramref name="output"/>.</summary>
    /// <param name="settings">Resolved options.</param>
    /// <param name="output">Where the report and the summary go.</param>
    /// <param name="progressBar">Draw a live progress bar on the console instead of the book's report lines.</param>
    /// <param name="cancellation">Stops training between steps (Ctrl+C); nothing is saved then.</param>
    public static TrainOutcome Run(TrainSettings settings, TextWriter output, bool progressBar, CancellationToken cancellation = default)
    {
        using var path = Engine.UsePath(settings.Exact ? NumericPath.Exact : NumericPath.Fast);
        int previousThreads = Engine.Threads;
        if (settings.Threads is int threads) Engine.Threads = threads;
        try
        {
            return RunCore(settings, output, progressBar, cancellation);
        }
        finally
        {
            Engine.Threads = previousThreads;
        }
    }

    private static TrainOutcome RunCore(TrainSettings s, TextWriter output, bool progressBar, CancellationToken cancellation)
    {
        var random = new RandomState(s.Seed);
        var data = DataLoading.Load(s.Dataset, s.DataDir, random, s.Samples, s.Classes, log: output);
        var (trainX, trainY, validation, validationName) = SplitValidation(data, s.Validation, random);
        var model = ModelBuilder.Build(s, data.Features, data.Classes, random);

        string task = data.IsRegression ? "regression" : $"{data.Classes} classes";
        output.WriteLine(Inv($"data: {s.Dataset.Name}, {trainX.Rows} training samples, {data.Features} features, {task}; validation: {validationName}"));
        output.WriteLine(Inv($"model: {ModelBuilder.Shape(model)}, {s.Activation.ToString().ToLowerInvariant()}, {(data.IsRegression ? "linear + mean squared error" : "softmax + categorical cross-entropy")}, {s.OptimizerText}{(s.L2 > 0 ? $", L2 {s.L2:g}" : "")}{(s.Dropout > 0 ? $", dropout {s.Dropout:g}" : "")}"));
        output.WriteLine(Inv($"training: {s.Epochs} epochs, {(s.BatchSize is int b ? $"batch {b}" : "full batch")}{(s.Shuffle ? ", reshuffled every epoch" : "")}, seed {s.Seed}, {(s.Exact ? "exact" : "fast")} path, {Engine.Threads} threads"));

        var options = new TrainingOptions { Shuffle = s.Shuffle };
        var clock = Stopwatch.StartNew();
        History history;
        if (progressBar)
        {
            model.Report = TrainingReport.None;
            history = TrainingProgressBar.Run(model, s.Epochs, m => m.Train(trainX, trainY, s.Epochs, s.BatchSize, s.PrintEvery, validation, options, cancellation));
        }
        else
        {
            model.Output = output;
            model.Report = s.BatchSize is null ? TrainingReport.Epochs : TrainingReport.Steps;
            history = model.Train(trainX, trainY, s.Epochs, s.BatchSize, s.PrintEvery, validation, options, cancellation);
        }
        clock.Stop();

        ModelFile.Save(model, s.Output);
        var plots = WritePlots(s, data, model, history);

        var last = history.Last;
        Evaluation? final = last.ValidationAccuracy is double va && last.ValidationLoss is double vl ? new Evaluation(va, vl) : null;
        output.WriteLine();
        if (final is { } f)
            output.WriteLine(Inv($"validation accuracy: {f.Accuracy:0.0000}, loss: {f.Loss:0.0000} ({validationName}, {validation!.Value.X.Rows} samples)"));
        output.WriteLine(Inv($"training accuracy: {last.Accuracy:0.0000}, loss: {last.Loss:0.0000} (epoch {last.Epoch})"));
        output.WriteLine(Inv($"time: {clock.Elapsed.TotalSeconds:0.0} s"));
        output.WriteLine($"model saved: {s.Output}");
        if (plots.Count > 0) output.WriteLine($"plots: {string.Join(", ", plots)}");
        return new TrainOutcome(history, final, clock.Elapsed, s.Output, plots);
    }

    private static (Matrix X, Targets Y, (Matrix X, Targets Y)? Validation, string Name) SplitValidation(
        LoadedData data, ValidationChoice choice, RandomState random)
    {
        switch (choice.Kind)
        {
            case ValidationKind.None:
                return (data.TrainX, data.TrainY, null, "none");
            case ValidationKind.Fraction:
                var split = TrainValidationSplit.Create(data.TrainX, data.TrainY, choice.Fraction, random);
                return (split.TrainX, split.TrainY, (split.ValidationX, split.ValidationY),
                    Inv($"{choice.Fraction:g} of the training set held out"));
            default:
                if (data.TestX is null || data.TestY is null)
                    throw new ArgumentException($"--validation test: {data.Choice.Name} has no test set; use a fraction or none");
                return (data.TrainX, data.TrainY, (data.TestX, data.TestY), "test set");
        }
    }

    private static List<string> WritePlots(TrainSettings s, LoadedData data, Model model, History history)
    {
        var files = new List<string>();
        if (s.PlotPrefix is not { } prefix) return files;
        var points = history.Epochs.Select(e => new EpochPoint(e.Epoch, e.Loss, e.Accuracy, e.ValidationLoss, e.ValidationAccuracy)).ToList();
        files.AddRange(TrainingCurves.Save(points, prefix, s.Dataset.Name));
        if (!data.IsRegression && data.Features == 2)
        {
            string regions = prefix + "-regions.png";
            DecisionRegionPlot.Save(data.TrainX, data.TrainY.Classes, grid => Classify(model, grid), regions,
                $"{s.Dataset.Name}: decision regions");
            files.Add(regions);
        }
        return files;
    }

    /// <summary>The class the model predicts for each row of <paramref name="x"/>.</summary>
    public static int[] Classify(Model model, Matrix x)
    {
        var confidences = model.Predict(x);
        var predictions = model.OutputLayerActivation!.Predictions(confidences);
        var ids = new int[x.Rows];
        for (int i = 0; i < ids.Length; i++) ids[i] = (int)predictions[i, 0];
        return ids;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
