using Nnfs.Models;
using Nnfs.Serialization;

namespace Nnfs.Cli.Commands;

/// <summary>A run to continue (<c>nnfs train --resume FILE</c>): the saved model and its training record.</summary>
/// <param name="Path">The model file.</param>
/// <param name="Model">The model as saved (weights, optimizer and its state).</param>
/// <param name="Checkpoint">The run's settings, completed epochs and generator state.</param>
internal sealed record ResumedRun(string Path, Model Model, TrainingCheckpoint Checkpoint)
{
    /// <summary>Loads <paramref name="path"/>, which must have been saved by <c>nnfs train</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid model file.</exception>
    /// <exception cref="InvalidDataException">The file has no training record, or it is not valid.</exception>
    public static ResumedRun Load(string path)
    {
        if (!System.IO.Path.Exists(path)) throw new FileNotFoundException($"--resume: model file '{path}' does not exist", path);
        var model = ModelFile.LoadWithTraining(path, out string? training);
        if (training is null)
            throw new InvalidDataException($"--resume: {path} has no training record (it was not saved by nnfs train), so the run cannot be continued");
        return new ResumedRun(path, model, TrainingCheckpoint.Parse(training, path));
    }

    /// <summary>
    /// Puts the saved weights, optimizer state (slots, iterations, current learning rate) into <paramref name="model"/>,
    /// a model freshly built from the same settings.
    /// </summary>
    /// <exception cref="InvalidDataException">The saved model does not match the settings of its own training record.</exception>
    public void CopyStateTo(Model model)
    {
        InvalidDataException Mismatch(string what) => new($"--resume: in {Path}, the model does not match its training record ({what})");
        var saved = Model.NamedParameters().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var target = model.NamedParameters().ToList();
        if (saved.Count != target.Count) throw Mismatch($"{saved.Count} parameters, the settings make {target.Count}");
        var (from, to) = (Model.Optimizer, model.Optimizer!);
        if (from is null || from.GetType() != to.GetType() || from.LearningRate != to.LearningRate || from.Decay != to.Decay)
            throw Mismatch("the optimizer");
        foreach (var (key, parameter) in target)
        {
            if (!saved.TryGetValue(key, out var source) || source.Value.Rows != parameter.Value.Rows || source.Value.Columns != parameter.Value.Columns)
                throw Mismatch(key);
        }
        foreach (var (key, parameter) in target)
        {
            var source = saved[key];
            source.Value.CopyTo(parameter.Value);
            parameter.OptimizerState.Clear();
            foreach (var (slot, value) in source.OptimizerState) parameter.OptimizerState[slot] = value.Clone();
        }
        to.Iterations = from.Iterations;
        to.CurrentLearningRate = from.CurrentLearningRate;
    }
}
