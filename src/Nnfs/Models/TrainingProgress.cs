namespace Nnfs.Models;

/// <summary>
/// The state of training after a step (<see cref="Model.StepCompleted"/>) or an epoch
/// (<see cref="Model.EpochCompleted"/>, <see cref="TrainingOptions.Progress"/>).
/// </summary>
/// <param name="Epoch">The epoch, 1-based.</param>
/// <param name="Step">The step within the epoch, 0-based (the last step for epoch reports).</param>
/// <param name="StepsPerEpoch">Steps in every epoch.</param>
/// <param name="Samples">Samples in this step's batch (all training samples for epoch reports).</param>
/// <param name="Accuracy">The step's accuracy, or the epoch's accumulated accuracy.</param>
/// <param name="Loss">Data loss plus regularization loss.</param>
/// <param name="DataLoss">The mean sample loss (step) or its sample-weighted mean over the epoch.</param>
/// <param name="RegularizationLoss">The regularization penalty of the current parameters.</param>
/// <param name="LearningRate">The learning rate the step used (for epochs: the last step's).</param>
/// <param name="ValidationAccuracy">The validation accuracy after the epoch, when validation ran.</param>
/// <param name="ValidationLoss">The validation data loss after the epoch, when validation ran.</param>
public readonly record struct TrainingProgress(
    int Epoch, int Step, int StepsPerEpoch, int Samples, double Accuracy, double Loss, double DataLoss,
    double RegularizationLoss, double LearningRate, double? ValidationAccuracy = null, double? ValidationLoss = null);
