namespace Nnfs.Playground.Inspection;

/// <summary>The loss of an inspected network, and how its gradient enters the network.</summary>
public enum InspectedLossKind
{
    /// <summary>Categorical cross-entropy after a softmax output, back-propagated as the book's chapter 9 combined
    /// step (softmax output − one-hot target), as <see cref="Nnfs.Models.Model"/> trains it.</summary>
    SoftmaxCategoricalCrossEntropy,

    /// <summary>Categorical cross-entropy after an output activation other than softmax: −log ŷ of the target class.</summary>
    CategoricalCrossEntropy,

    /// <summary>Binary cross-entropy: the mean over outputs of −(y log ŷ + (1 − y) log(1 − ŷ)), ŷ clipped to
    /// [1e-7, 1 − 1e-7].</summary>
    BinaryCrossEntropy,

    /// <summary>Mean squared error: the mean over outputs of (y − ŷ)².</summary>
    MeanSquaredError,

    /// <summary>Mean absolute error: the mean over outputs of |y − ŷ|.</summary>
    MeanAbsoluteError,
}
