using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Activations;

/// <summary>The rectified linear unit (the book's <c>Activation_ReLU</c>).</summary>
/// <remarks>
/// Forward: <c>output = max(0, x)</c>. Backward: <c>dinputs = dvalues</c>, zeroed where the input was ≤ 0.
/// Predictions are the outputs themselves.
/// </remarks>
public sealed class ReLU : IOutputActivation, IDescribable
{
    /// <summary>The inputs of the last <see cref="Forward"/> (the caller's matrix).</summary>
    public Matrix Inputs => Buffers.Inputs;

    /// <inheritdoc />
    public Matrix Output => Buffers.Output;

    /// <inheritdoc />
    public Matrix DInputs => Buffers.DInputs;

    /// <summary>The inputs, output and input gradient the passes keep (what a fused pass fills in their place).</summary>
    internal LayerBuffers Buffers { get; } = new("ReLU");

    /// <summary><c>output = max(0, inputs)</c>. <paramref name="training"/> is ignored.</summary>
    public void Forward(Matrix inputs, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Rectifier.Rectify(inputs.Span, Buffers.ForwardInto(inputs, inputs.Columns).Span);
    }

    /// <summary><c>dinputs = dvalues</c> where the input was &gt; 0, else 0.</summary>
    /// <exception cref="ArgumentException"><paramref name="dvalues"/> does not have the shape of the inputs.</exception>
    public void Backward(Matrix dvalues)
    {
        ArgumentNullException.ThrowIfNull(dvalues);
        var inputs = Inputs;
        inputs.RequireSameShape(dvalues, "ReLU.Backward inputs vs dvalues");
        Rectifier.Mask(inputs.Span, dvalues.Span, Buffers.DInputsInto(dvalues.Rows, dvalues.Columns).Span);
    }

    /// <summary>The outputs unchanged (the same matrix).</summary>
    public Matrix Predictions(Matrix outputs) => outputs ?? throw new ArgumentNullException(nameof(outputs));

    /// <summary>The kind <c>relu</c>, without settings.</summary>
    public Description Describe() => new("relu");
}
