using Nnfs.Descriptions;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Activations;

/// <summary>The identity activation for regression outputs (the book's <c>Activation_Linear</c>).</summary>
/// <remarks>Forward: <c>output = x</c> (copied into the layer's buffer). Backward: <c>dinputs = dvalues</c>.
/// Predictions are the outputs themselves.</remarks>
public sealed class Linear : IOutputActivation, IDescribable
{
    private Matrix? _output;
    private Matrix? _dinputs;

    /// <inheritdoc />
    public Matrix Output => _output ?? throw new InvalidOperationException("Linear: Forward has not been called yet.");

    /// <inheritdoc />
    public Matrix DInputs => _dinputs ?? throw new InvalidOperationException("Linear: Backward has not been called yet.");

    /// <summary><c>output = inputs</c>. <paramref name="training"/> is ignored.</summary>
    public void Forward(Matrix inputs, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        inputs.CopyTo(Matrix.Ensure(ref _output, inputs.Rows, inputs.Columns));
    }

    /// <summary><c>dinputs = dvalues</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="dvalues"/> does not have the shape of the output.</exception>
    public void Backward(Matrix dvalues)
    {
        ArgumentNullException.ThrowIfNull(dvalues);
        Output.RequireSameShape(dvalues, "Linear.Backward output vs dvalues");
        dvalues.CopyTo(Matrix.Ensure(ref _dinputs, dvalues.Rows, dvalues.Columns));
    }

    /// <summary>The outputs unchanged (the same matrix).</summary>
    public Matrix Predictions(Matrix outputs) => outputs ?? throw new ArgumentNullException(nameof(outputs));

    /// <summary>The kind <c>linear</c>, without settings.</summary>
    public Description Describe() => new("linear");
}
