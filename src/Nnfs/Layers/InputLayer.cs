using Nnfs.Tensors;

namespace Nnfs.Layers;

/// <summary>The model's entry point (the book's <c>Layer_Input</c>): its output is the batch itself.</summary>
/// <remarks>Forward: <c>output = inputs</c> (the same matrix, not a copy). There is no backward pass.</remarks>
public sealed class InputLayer : ILayer
{
    private Matrix? _output;

    /// <summary>The inputs of the last <see cref="Forward"/>.</summary>
    public Matrix Output => _output ?? throw new InvalidOperationException("InputLayer: Forward has not been called yet.");

    /// <summary>Always throws: the input layer has no gradient.</summary>
    public Matrix DInputs => throw new InvalidOperationException("InputLayer has no backward pass and no DInputs.");

    /// <summary><c>output = inputs</c>. <paramref name="training"/> is ignored.</summary>
    public void Forward(Matrix inputs, bool training) => _output = inputs ?? throw new ArgumentNullException(nameof(inputs));

    /// <summary>Always throws: the input layer has no backward pass.</summary>
    public void Backward(Matrix dvalues) => throw new InvalidOperationException("InputLayer has no backward pass.");
}
