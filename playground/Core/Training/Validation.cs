namespace Nnfs.Playground.Training;

/// <summary>The validation data's accuracy and loss after a given epoch.</summary>
/// <param name="Epoch">The epochs done when it was measured.</param>
/// <param name="Accuracy">Accuracy on the validation data.</param>
/// <param name="Loss">Data loss on the validation data.</param>
public readonly record struct Validation(int Epoch, double Accuracy, double Loss);
