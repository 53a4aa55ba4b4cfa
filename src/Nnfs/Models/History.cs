namespace Nnfs.Models;

/// <summary>One epoch's results in a <see cref="History"/>.</summary>
/// <param name="Epoch">The epoch, 1-based.</param>
/// <param name="Accuracy">The epoch's accumulated training accuracy (the last step's in a full-batch chapter-18
/// report, which is the same data).</param>
/// <param name="Loss">Data loss plus regularization loss.</param>
/// <param name="DataLoss">The sample-weighted mean of the epoch's batch losses.</param>
/// <param name="RegularizationLoss">The penalty of the parameters at the end of the epoch.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step.</param>
/// <param name="ValidationAccuracy">Validation accuracy after the epoch, or null when validation did not run.</param>
/// <param name="ValidationLoss">Validation data loss after the epoch, or null when validation did not run.</param>
public readonly record struct EpochResult(
    int Epoch, double Accuracy, double Loss, double DataLoss, double RegularizationLoss, double LearningRate,
    double? ValidationAccuracy, double? ValidationLoss);

/// <summary>What <see cref="Model.Train"/> returns: per-epoch metrics and why training ended (not in the book).</summary>
public sealed class History
{
    private readonly List<EpochResult> _epochs = [];

    internal History(int stepsPerEpoch) => StepsPerEpoch = stepsPerEpoch;

    /// <summary>The completed epochs, in order.</summary>
    public IReadOnlyList<EpochResult> Epochs => _epochs;

    /// <summary>Training steps per epoch: 1 for full batch, otherwise ⌈samples / batch size⌉.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>True when <see cref="TrainingOptions.EarlyStopping"/> ended training before the last epoch.</summary>
    public bool StoppedEarly { get; internal set; }

    /// <summary>The epoch with the best monitored value when early stopping was used, otherwise null.</summary>
    public int? BestEpoch { get; internal set; }

    /// <summary>The last epoch's results.</summary>
    /// <exception cref="InvalidOperationException">No epoch was run.</exception>
    public EpochResult Last => _epochs.Count > 0 ? _epochs[^1] : throw new InvalidOperationException("No epoch was run.");

    internal void Add(EpochResult epoch) => _epochs.Add(epoch);

    internal void ReplaceLast(EpochResult epoch) => _epochs[^1] = epoch;
}
