namespace Nnfs.Models;

/// <summary>The per-epoch value <see cref="EarlyStopping"/> watches.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>The validation data loss (lower is better). Needs validation data.</summary>
    ValidationLoss,

    /// <summary>The validation accuracy (higher is better). Needs validation data.</summary>
    ValidationAccuracy,

    /// <summary>The epoch's training loss, data plus regularization (lower is better).</summary>
    Loss,

    /// <summary>The epoch's training accuracy (higher is better).</summary>
    Accuracy,
}

/// <summary>Stops training when a metric has not improved for <see cref="Patience"/> epochs (not in the book).</summary>
/// <remarks>
/// An epoch improves on the best value so far when it is lower by more than <see cref="MinDelta"/> (losses) or
/// higher by more than <see cref="MinDelta"/> (accuracies). After <see cref="Patience"/> epochs in a row without
/// improvement, training stops; with <see cref="RestoreBestWeights"/> the parameters of the best epoch are put back
/// (optimizer state is not). Defaults: validation loss, patience 5, min delta 0, no restore.
/// </remarks>
public sealed class EarlyStopping
{
    /// <summary>Creates the rule.</summary>
    /// <param name="monitor">The metric to watch. Default <see cref="EarlyStoppingMetric.ValidationLoss"/>.</param>
    /// <param name="patience">Epochs without improvement before stopping, ≥ 1. Default 5.</param>
    /// <param name="minDelta">The smallest change that counts as an improvement, ≥ 0. Default 0.</param>
    /// <param name="restoreBestWeights">Put back the best epoch's parameters when stopping. Default false.</param>
    /// <exception cref="ArgumentOutOfRangeException">Patience &lt; 1 or a negative or non-finite min delta.</exception>
    public EarlyStopping(EarlyStoppingMetric monitor = EarlyStoppingMetric.ValidationLoss, int patience = 5,
        double minDelta = 0, bool restoreBestWeights = false)
    {
        if (patience < 1) throw new ArgumentOutOfRangeException(nameof(patience), patience, $"patience must be >= 1, got {patience}");
        if (!(minDelta >= 0) || double.IsInfinity(minDelta))
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, $"min delta must be >= 0, got {minDelta}");
        if (!Enum.IsDefined(monitor)) throw new ArgumentOutOfRangeException(nameof(monitor), monitor, "unknown metric");
        Monitor = monitor;
        Patience = patience;
        MinDelta = minDelta;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>The watched metric.</summary>
    public EarlyStoppingMetric Monitor { get; }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether the best epoch's parameters are restored when training stops early.</summary>
    public bool RestoreBestWeights { get; }

    internal bool NeedsValidation => Monitor is EarlyStoppingMetric.ValidationLoss or EarlyStoppingMetric.ValidationAccuracy;

    internal bool HigherIsBetter => Monitor is EarlyStoppingMetric.ValidationAccuracy or EarlyStoppingMetric.Accuracy;

    internal double Value(EpochResult epoch) => Monitor switch
    {
        EarlyStoppingMetric.ValidationLoss => epoch.ValidationLoss!.Value,
        EarlyStoppingMetric.ValidationAccuracy => epoch.ValidationAccuracy!.Value,
        EarlyStoppingMetric.Loss => epoch.Loss,
        _ => epoch.Accuracy,
    };

    internal bool Improves(double value, double best) =>
        HigherIsBetter ? value > best + MinDelta : value < best - MinDelta;
}
