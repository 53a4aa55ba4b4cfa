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
/// <param name="ModelPath">The saved model file, or null with <c>--no-save</c>.</param>
/// <param name="Plots">PNG files written.</param>
/// <param name="LossRose">True when the last epoch's training loss is above the first step's.</param>
internal sealed record TrainOutcome(History History, Evaluation? Validation, TimeSpan TrainingTime, string? ModelPath,
    IReadOnlyList<string> Plots, bool LossRose);

/// <summary>Runs <c>nnfs train</c>: data, model, training with a report, saving, plots and the summary.</summary>
/// <remarks>
/// <para>Before any data is loaded, the model file and the plot files are checked to be writable
/// (<see cref="OutputFiles.Prepare"/>), so a run is never lost to a bad output path.</para>
/// <para>Cancellation (Ctrl+C) stops training at the end of the current step. The state at the end of each epoch is
/// kept (<see cref="EpochSnapshot"/>); on cancellation the model is put back to the last completed epoch and saved,
/// and a <see cref="TrainingInterruptedException"/> says so (or that nothing was saved: <c>--no-save</c>, or no epoch
/// completed).</para>
/// <para>A run whose last epoch ends with a higher training loss than its first step had is reported on the error
/// writer in one line, with the hint to lower the learning rate; the model is still saved and the exit code is 0.</para>
/// </remarks>
internal static class Trainer
{
    /// <summary>Trains as <paramref name="settings"/> say, writing the report and summary to <paramref name="output"/>.</summary>
    /// <param name="settings">Resolved options.</param>
    /// <param name="output">Where the report and the summary go.</param>
    /// <param name="error">Where warnings go (a rising loss).</param>
    /// <param name="progressBar">Draw a live progress bar on the console instead of the book's report lines.</param>
    /// <param name="cancellation">Stops training at the end of the current step (Ctrl+C).</param>
    /// <param name="observe">Called with the model once it is built, before training (tests watch its events).</param>
    /// <exception cref="TrainingInterruptedException">Cancelled; the message says what was saved.</exception>
    public static TrainOutcome Run(TrainSettings settings, TextWriter output, TextWriter error, bool progressBar,
        CancellationToken cancellation = default, Action<Model>? observe = null)
    {
        using var path = Engine.UsePath(settings.Exact ? NumericPath.Exact : NumericPath.Fast);
        int previousThreads = Engine.Threads;
        if (settings.Threads is int threads) Engine.Threads = threads;
        try
        {
            return RunCore(settings, output, error, progressBar, cancellation, observe);
        }
        finally
        {
            Engine.Threads = previousThreads;
        }
    }

    private static TrainOutcome RunCore(TrainSettings s, TextWriter output, TextWriter error, bool progressBar, CancellationToken cancellation,
        Action<Model>? observe)
    {
        if (s.Output is { } target) OutputFiles.Prepare(target, "--output");
        if (s.PlotPrefix is { } prefix) OutputFiles.Prepare(prefix + "-loss.png", "--plot");

        var random = new RandomState(s.Seed);
        var data = DataLoading.Load(s.Dataset, s.DataDir, random, s.Samples, s.Classes, log: output);
        var (trainX, trainY, validation, validationName) = SplitValidation(data, s.Validation, random);
        var model = ModelBuilder.Build(s, data.Features, data.Classes, random);
        model.Input = data.Input;
        model.ClassNames = data.ClassNames;
        string? fingerprint = null;
        int initialEpoch = 0;
        double? startLoss = null;
        if (s.Resume is { } resume)
        {
            var checkpoint = resume.Checkpoint;
            initialEpoch = checkpoint.CompletedEpochs;
            if (s.Epochs <= initialEpoch)
                throw new ArgumentException(Inv($"--epochs: {resume.Path} has completed {initialEpoch} epochs; give --epochs above {initialEpoch} to train on"));
            fingerprint = TrainingCheckpoint.Fingerprint(trainX, trainY);
            if (fingerprint != checkpoint.DataSha256)
                throw new InvalidDataException($"--resume: the training data differ from those of the run saved in {resume.Path} (was the data set changed?)");
            resume.CopyStateTo(model);
            random.SetState(checkpoint.Random);
            startLoss = checkpoint.StartLoss;
        }
        observe?.Invoke(model);

        string task = data.IsRegression ? "regression" : $"{data.Classes} classes";
        output.WriteLine(Inv($"data: {s.Dataset.Name}, {trainX.Rows} training samples, {data.Features} features, {task}; validation: {validationName}"));
        output.WriteLine(Inv($"model: {ModelBuilder.Shape(model)}, {s.Activation.ToString().ToLowerInvariant()}, {(data.IsRegression ? "linear + mean squared error" : "softmax + categorical cross-entropy")}, {s.OptimizerText}{(s.L2 > 0 ? $", L2 {s.L2:g}" : "")}{(s.Dropout > 0 ? $", dropout {s.Dropout:g}" : "")}"));
        output.WriteLine(Inv($"training: {s.Epochs} epochs, {(s.BatchSize is int b ? $"batch {b}" : "full batch")}{(s.Shuffle ? ", reshuffled every epoch" : "")}, seed {s.Seed}, {(s.Exact ? "exact" : "fast")} path, {Engine.Threads} threads, {Engine.Tier} kernels"));

        if (s.Resume is { } resumed)
            output.WriteLine(Inv($"resuming {resumed.Path}: {initialEpoch} of {s.Epochs} epochs completed"));

        var options = new TrainingOptions { Shuffle = s.Shuffle, InitialEpoch = initialEpoch };
        var snapshot = new EpochSnapshot();
        void OnStep(object? sender, TrainingProgress p) => startLoss ??= p.Loss;
        void OnEpoch(object? sender, TrainingProgress p)
        {
            if (s.Output is not null) snapshot.Capture(model, random, p.Epoch);
        }
        model.StepCompleted += OnStep;
        model.EpochCompleted += OnEpoch;
        var clock = Stopwatch.StartNew();
        History history;
        try
        {
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
        }
        catch (OperationCanceledException e) when (cancellation.IsCancellationRequested)
        {
            throw Interrupted(s, model, random, snapshot, e, () => Checkpoint(s, snapshot.Epoch, startLoss, ref fingerprint, trainX, trainY, random));
        }
        finally
        {
            model.StepCompleted -= OnStep;
            model.EpochCompleted -= OnEpoch;
        }
        clock.Stop();

        var last = history.Last;
        if (s.Output is { } file)
            ModelFile.SaveWithTraining(model, file, Checkpoint(s, last.Epoch, startLoss, ref fingerprint, trainX, trainY, random));
        var plots = WritePlots(s, data, model, history);

        Evaluation? final = last.ValidationAccuracy is double va && last.ValidationLoss is double vl ? new Evaluation(va, vl) : null;
        output.WriteLine();
        if (final is { } f)
            output.WriteLine(Inv($"validation accuracy: {f.Accuracy:0.0000}, loss: {f.Loss:0.0000} ({validationName}, {validation!.Value.X.Rows} samples)"));
        output.WriteLine(Inv($"training accuracy: {last.Accuracy:0.0000}, loss: {last.Loss:0.0000} (epoch {last.Epoch})"));
        output.WriteLine(Inv($"time: {clock.Elapsed.TotalSeconds:0.0} s"));
        output.WriteLine(s.Output is { } saved ? $"model saved: {saved}" : "model not saved (--no-save)");
        if (plots.Count > 0) output.WriteLine($"plots: {string.Join(", ", plots)}");
        bool rose = startLoss is double first && last.Loss > first;
        if (rose)
            error.WriteLine(Inv($"warning: the training loss rose from {startLoss:0.0000} (first step) to {last.Loss:0.0000} (epoch {last.Epoch}); the learning rate {s.LearningRate:g} is probably too high: try a smaller --learning-rate"));
        return new TrainOutcome(history, final, clock.Elapsed, s.Output, plots, rose);
    }

    /// <summary>The training record saved with the model after <paramref name="epoch"/> (the generator as it is now).</summary>
    private static string Checkpoint(TrainSettings s, int epoch, double? startLoss, ref string? fingerprint, Matrix x, Targets y, RandomState random)
    {
        fingerprint ??= TrainingCheckpoint.Fingerprint(x, y);
        var settings = s with { Output = null, PlotPrefix = null, DataDir = null, Threads = null, Resume = null };
        return new TrainingCheckpoint(settings, epoch, startLoss ?? 0, fingerprint, random.GetState()).ToJson();
    }

    private static TrainingInterruptedException Interrupted(TrainSettings s, Model model, RandomState random, EpochSnapshot snapshot,
        OperationCanceledException cause, Func<string> checkpoint)
    {
        int epoch = snapshot.Epoch;
        if (s.Output is not { } file)
            return new TrainingInterruptedException("interrupted; nothing was saved (--no-save)", null, 0, cause);
        if (epoch == 0)
            return new TrainingInterruptedException(
                Inv($"interrupted during epoch {s.Resume?.Checkpoint.CompletedEpochs + 1 ?? 1}, before any epoch was completed; nothing was saved"), null, 0, cause);
        snapshot.Restore(model, random);
        ModelFile.SaveWithTraining(model, file, checkpoint());
        return new TrainingInterruptedException(
            Inv($"interrupted during epoch {epoch + 1} of {s.Epochs}; saved the model after epoch {epoch} to {file}; continue with: nnfs train --resume {file}"),
            file, epoch, cause);
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
