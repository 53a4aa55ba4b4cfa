namespace Nnfs.Models;

/// <summary>The result of <see cref="Model.Evaluate"/>: what the book prints as <c>validation, acc: …, loss: …</c>.</summary>
/// <param name="Accuracy">The accuracy over all samples.</param>
/// <param name="Loss">The mean data loss over all samples (no regularization, as the book).</param>
public readonly record struct Evaluation(double Accuracy, double Loss);
