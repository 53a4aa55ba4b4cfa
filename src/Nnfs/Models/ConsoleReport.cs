using Nnfs.Formatting;

namespace Nnfs.Models;

/// <summary>
/// The book's console report of training (the <c>print</c> lines of its training loop), written from a
/// <see cref="Model"/>'s <see cref="Model.EpochStarted"/>, <see cref="Model.StepCompleted"/> and
/// <see cref="Model.EpochCompleted"/> events in the formats <see cref="TrainingReport"/> describes: the loop computes,
/// this class prints (as Keras separates its callbacks from <c>fit</c>).
/// </summary>
/// <remarks>Numbers are printed as the book's f-strings do: metrics with three decimals (<c>{x:.3f}</c>), the
/// learning rate as Python's <c>repr</c>.</remarks>
/// <param name="writer">Where the lines go.</param>
/// <param name="kind"><see cref="TrainingReport.Steps"/> or <see cref="TrainingReport.Epochs"/>.</param>
/// <param name="printEvery">A step line every this many steps (<see cref="TrainingReport.Steps"/>, and on the last
/// step), or an epoch line every this many epochs (<see cref="TrainingReport.Epochs"/>).</param>
internal sealed class ConsoleReport(TextWriter writer, TrainingReport kind, int printEvery)
{
    /// <summary><c>epoch: N</c> (<see cref="TrainingReport.Steps"/>).</summary>
    public void OnEpochStarted(object? sender, int epoch)
    {
        if (kind == TrainingReport.Steps) writer.WriteLine($"epoch: {epoch}");
    }

    /// <summary><c>step: …, acc: …, loss: … (data_loss: …, reg_loss: …), lr: …</c> every <c>printEvery</c> steps
    /// and on the epoch's last step (<see cref="TrainingReport.Steps"/>).</summary>
    public void OnStepCompleted(object? sender, TrainingProgress step)
    {
        if (kind == TrainingReport.Steps && (step.Step % printEvery == 0 || step.Step == step.StepsPerEpoch - 1))
            writer.WriteLine($"step: {step.Step}, {Metrics(step)}");
    }

    /// <summary><c>training, acc: …</c> and, when validation ran, <c>validation, acc: …, loss: …</c>
    /// (<see cref="TrainingReport.Steps"/>); <c>epoch: N, acc: …</c> every <c>printEvery</c> epochs
    /// (<see cref="TrainingReport.Epochs"/>).</summary>
    public void OnEpochCompleted(object? sender, TrainingProgress epoch)
    {
        if (kind == TrainingReport.Steps)
        {
            writer.WriteLine($"training, {Metrics(epoch)}");
            if (epoch is { ValidationAccuracy: { } accuracy, ValidationLoss: { } loss }) WriteValidation(writer, new Evaluation(accuracy, loss));
        }
        else if (kind == TrainingReport.Epochs && epoch.Epoch % printEvery == 0)
        {
            writer.WriteLine($"epoch: {epoch.Epoch}, {Metrics(epoch)}");
        }
    }

    /// <summary><c>validation, acc: …, loss: …</c> for an evaluation after training.</summary>
    public void WriteValidation(Evaluation evaluation) => WriteValidation(writer, evaluation);

    /// <summary>Writes <c>validation, acc: {acc:.3f}, loss: {loss:.3f}</c> to <paramref name="output"/>.</summary>
    public static void WriteValidation(TextWriter output, Evaluation evaluation) =>
        output.WriteLine($"validation, acc: {F(evaluation.Accuracy)}, loss: {F(evaluation.Loss)}");

    private static string Metrics(TrainingProgress p) =>
        $"acc: {F(p.Accuracy)}, loss: {F(p.Loss)} (data_loss: {F(p.DataLoss)}, reg_loss: {F(p.RegularizationLoss)}), lr: {PythonFormat.Repr(p.LearningRate)}";

    private static string F(double value) => PythonFormat.Fixed(value, 3);
}
