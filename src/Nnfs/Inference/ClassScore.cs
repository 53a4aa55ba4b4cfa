namespace Nnfs.Inference;

/// <summary>One class of a prediction with its probability (an entry of <see cref="Predictor.TopK"/>).</summary>
/// <param name="ClassId">The class id: the output's index, or 0/1 for a single sigmoid output.</param>
/// <param name="Name">The class's name (<see cref="Predictor.ClassNames"/>).</param>
/// <param name="Probability">The model's probability for the class (a softmax output, σ or 1 − σ for a sigmoid).</param>
public readonly record struct ClassScore(int ClassId, string Name, float Probability);
