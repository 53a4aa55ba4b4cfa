namespace Nnfs.Models;

/// <summary>Training behaviour beyond the book's <c>train</c> arguments. The defaults reproduce the book.</summary>
public sealed class TrainingOptions
{
    /// <summary>
    /// Shuffle the training samples at the start of every epoch with the model's <see cref="Model.Random"/>
    /// (a fresh permutation, as <c>np.random.permutation</c>). Default false: batches in data order, as the book.
    /// </summary>
    public bool Shuffle { get; init; }

    /// <summary>Stop when a metric stops improving. Default null (train all epochs).</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// The number of epochs already completed by an earlier run that this call continues (Keras's
    /// <c>initial_epoch</c>): training runs epochs <c>InitialEpoch + 1</c> … <c>epochs</c>, numbered so in reports,
    /// events and the <see cref="History"/>. Default 0. The model, its optimizer and its generator must be in the state
    /// the earlier run left them in (e.g. loaded from a checkpoint) for the result to equal one uninterrupted run.
    /// </summary>
    public int InitialEpoch { get; init; }

    /// <summary>Receives one <see cref="TrainingProgress"/> per completed epoch. Default null.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }
}
