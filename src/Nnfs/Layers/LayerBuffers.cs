using Nnfs.Tensors;

namespace Nnfs.Layers;

/// <summary>
/// The matrices a layer keeps between its passes, reused from one batch to the next: the inputs of the last forward
/// pass (a reference to the caller's matrix, which the backward pass reads), its output, and the input gradient of
/// the last backward pass.
/// </summary>
/// <remarks>A fused pass over several layers (<c>Models.FusionPlan</c>) fills them as the layers' own passes
/// would, so that every layer ends in the same state either way.</remarks>
/// <param name="layer">The layer's name in error messages (e.g. <c>Dense</c>).</param>
internal sealed class LayerBuffers(string layer)
{
    private Matrix? _inputs;
    private Matrix? _output;
    private Matrix? _dinputs;

    /// <summary>The inputs of the last forward pass.</summary>
    /// <exception cref="InvalidOperationException">No forward pass yet.</exception>
    public Matrix Inputs => _inputs ?? throw NotYet("Forward");

    /// <summary>The output of the last forward pass.</summary>
    /// <exception cref="InvalidOperationException">No forward pass yet.</exception>
    public Matrix Output => _output ?? throw NotYet("Forward");

    /// <summary>The input gradient of the last backward pass.</summary>
    /// <exception cref="InvalidOperationException">No backward pass yet.</exception>
    public Matrix DInputs => _dinputs ?? throw NotYet("Backward");

    /// <summary>True when the last backward pass did not compute the input gradient
    /// (<see cref="SkipDInputs"/>).</summary>
    public bool DInputsSkipped { get; private set; }

    /// <summary>Records <paramref name="inputs"/> and returns the output buffer shaped (rows of the inputs,
    /// <paramref name="columns"/>), for the forward pass to fill.</summary>
    public Matrix ForwardInto(Matrix inputs, int columns)
    {
        _inputs = inputs;
        return Matrix.Ensure(ref _output, inputs.Rows, columns);
    }

    /// <summary>The input gradient buffer shaped (<paramref name="rows"/>, <paramref name="columns"/>), for the
    /// backward pass to fill (it is then readable).</summary>
    public Matrix DInputsInto(int rows, int columns)
    {
        DInputsSkipped = false;
        return Matrix.Ensure(ref _dinputs, rows, columns);
    }

    /// <summary>Marks the input gradient as not computed by the last backward pass.</summary>
    public void SkipDInputs() => DInputsSkipped = true;

    private InvalidOperationException NotYet(string pass) => new($"{layer}: {pass} has not been called yet.");
}
