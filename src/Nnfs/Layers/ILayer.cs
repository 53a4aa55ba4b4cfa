using Nnfs.Tensors;

namespace Nnfs.Layers;

/// <summary>
/// A step of the network with the book's pair of passes: <see cref="Forward"/> stores what
/// <see cref="Backward"/> needs.
/// </summary>
public interface ILayer
{
    /// <summary>The result of the last <see cref="Forward"/> call (owned by the layer, reused across calls).</summary>
    Matrix Output { get; }

    /// <summary>The gradient of the loss with respect to the inputs, from the last <see cref="Backward"/> call.</summary>
    Matrix DInputs { get; }

    /// <summary>Computes <see cref="Output"/> from <paramref name="inputs"/>.</summary>
    /// <param name="inputs">A batch, one row per sample. The layer may keep a reference to it until the next call.</param>
    /// <param name="training">True during training (dropout active), false for evaluation and prediction.</param>
    void Forward(Matrix inputs, bool training);

    /// <summary>Computes <see cref="DInputs"/> (and parameter gradients) from the gradient of the output.</summary>
    void Backward(Matrix dvalues);
}

/// <summary>A layer with parameters the optimizer updates (the book's "trainable layers": those with weights).</summary>
public interface ITrainableLayer : ILayer
{
    /// <summary>The parameters with their gradients, in a fixed order (weights, then biases).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>
    /// Adds the regularization penalty of this layer's parameters to <paramref name="total"/> and returns the sum
    /// (<paramref name="total"/> unchanged when no strength is set): the book's <c>Loss.regularization_loss</c> for
    /// this layer, a running sum over the model's trainable layers.
    /// </summary>
    /// <remarks>A layer adds its terms one at a time in double, so that the sum over a model equals the book's
    /// running sum bit for bit.</remarks>
    double AddRegularizationLoss(double total);
}

/// <summary>An output activation that turns outputs into predictions (the book's <c>predictions</c> method).</summary>
public interface IOutputActivation : ILayer
{
    /// <summary>
    /// Predictions from outputs: class ids as an N×1 matrix (Softmax), 0/1 per output (Sigmoid) or the outputs
    /// themselves (Linear).
    /// </summary>
    Matrix Predictions(Matrix outputs);
}
