namespace Nnfs.Models;

/// <summary>The metrics of one training step (<see cref="Model.TrainStep"/>), all measured before the update.</summary>
/// <param name="DataLoss">The mean sample loss of the batch (float32, the book's <c>data_loss</c>).</param>
/// <param name="RegularizationLoss">The regularization penalty of the parameters the step started from.</param>
/// <param name="Accuracy">The accuracy of the batch's predictions.</param>
/// <param name="LearningRate">The learning rate the update used (the optimizer's <c>current_learning_rate</c>).</param>
public readonly record struct StepResult(float DataLoss, double RegularizationLoss, double Accuracy, double LearningRate)
{
    /// <summary>The step's loss: <c>DataLoss + RegularizationLoss</c>, in double (the book's <c>loss</c>).</summary>
    public double Loss => DataLoss + RegularizationLoss;
}
