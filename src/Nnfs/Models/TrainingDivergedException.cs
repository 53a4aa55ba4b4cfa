namespace Nnfs.Models;

/// <summary>Training produced NaN or infinite outputs or loss; the step's update was not applied.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for a step.</summary>
    /// <param name="epoch">The epoch, 1-based; 0 for a <see cref="Model.TrainStep"/> called outside
    /// <see cref="Model.Train"/>.</param>
    /// <param name="step">The step within the epoch, 0-based; outside <see cref="Model.Train"/>, the optimizer's
    /// <see cref="Optimizers.Optimizer.Iterations"/>.</param>
    /// <param name="dataLoss">The step's data loss.</param>
    /// <param name="regularizationLoss">The step's regularization loss.</param>
    /// <param name="learningRate">The learning rate in use.</param>
    public TrainingDivergedException(int epoch, int step, double dataLoss, double regularizationLoss, double learningRate)
        : base($"Training diverged at epoch {epoch}, step {step}: the outputs or the loss are not finite (data loss {dataLoss}, " +
               $"regularization loss {regularizationLoss}, learning rate {learningRate}). Try a lower learning rate or scaled inputs.")
    {
        Epoch = epoch;
        Step = step;
        DataLoss = dataLoss;
        RegularizationLoss = regularizationLoss;
    }

    /// <summary>The epoch, 1-based; 0 outside <see cref="Model.Train"/>.</summary>
    public int Epoch { get; }

    /// <summary>The step within the epoch, 0-based; outside <see cref="Model.Train"/>, the optimizer's step count.</summary>
    public int Step { get; }

    /// <summary>The step's data loss.</summary>
    public double DataLoss { get; }

    /// <summary>The step's regularization loss.</summary>
    public double RegularizationLoss { get; }
}
