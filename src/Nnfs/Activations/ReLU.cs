using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Activations;

/// <summary>The rectified linear unit (the book's <c>Activation_ReLU</c>).</summary>
/// <remarks>
/// Forward: <c>output = max(0, x)</c>. Backward: <c>dinputs = dvalues</c>, zeroed where the input was ≤ 0.
/// Predictions are the outputs themselves. Float64 inputs or gradients (exact path, <see cref="Matrix.IsFloat64"/>)
/// give float64 results, as in NumPy.
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
        var output = Buffers.ForwardInto(inputs, inputs.Columns);
        if (inputs.IsFloat64) Float64Math.Rectify(inputs, output);
        else Rectifier.Rectify(inputs.Span, output.Span);
    }

    /// <summary><c>dinputs = dvalues</c> where the input was &gt; 0, else 0.</summary>
    /// <exception cref="ArgumentException"><paramref name="dvalues"/> does not have the shape of the inputs.</exception>
    public void Backward(Matrix dvalues)
    {
        ArgumentNullException.ThrowIfNull(dvalues);
        var inputs = Inputs;
        inputs.RequireSameShape(dvalues, "ReLU.Backward inputs vs dvalues");
        var dinputs = Buffers.DInputsInto(dvalues.Rows, dvalues.Columns);
        if (dvalues.IsFloat64) Float64Math.Rectified(inputs, dvalues, dinputs);
        else Rectifier.Mask(inputs.Span, dvalues.Span, dinputs.Span);
    }

    /// <summary>The outputs unchanged (the same matrix).</summary>
    public Matrix Predictions(Matrix outputs) => outputs ?? throw new ArgumentNullException(nameof(outputs));

    /// <summary>The kind <c>relu</c>, without settings.</summary>
    public Description Describe() => new("relu");
}
