using System.Numerics.Tensors;
using Nnfs.Descriptions;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Activations;

/// <summary>The logistic function for binary outputs (the book's <c>Activation_Sigmoid</c>).</summary>
/// <remarks>
/// Forward: <c>σ(x) = 1 / (1 + exp(−x))</c>. Backward: <c>dinputs = dvalues · (1 − σ) · σ</c>, left to right in
/// float32. Predictions: 1 where <c>σ &gt; 0.5</c>, else 0, same shape as the outputs.
/// </remarks>
public sealed class Sigmoid : IOutputActivation, IDescribable
{
    private Matrix? _output;
    private Matrix? _dinputs;
    private Matrix? _predictions;

    /// <inheritdoc />
    public Matrix Output => _output ?? throw new InvalidOperationException("Sigmoid: Forward has not been called yet.");

    /// <inheritdoc />
    public Matrix DInputs => _dinputs ?? throw new InvalidOperationException("Sigmoid: Backward has not been called yet.");

    /// <summary><c>output = 1 / (1 + exp(−inputs))</c>. <paramref name="training"/> is ignored.</summary>
    public void Forward(Matrix inputs, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Compute(inputs.Span, Matrix.Ensure(ref _output, inputs.Rows, inputs.Columns).Span);
    }

    /// <summary>The forward pass of <paramref name="x"/> into <paramref name="y"/> (same length) on the current path:
    /// what <see cref="Forward"/> computes, for passes that keep their own buffers.</summary>
    internal static void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        if (Engine.Path == NumericPath.Exact)
            for (int i = 0; i < x.Length; i++) y[i] = 1f / (1f + Kernels.LibM.Exp(-x[i]));
        else
            TensorPrimitives.Sigmoid(x, y);
    }

    /// <summary><c>dinputs = dvalues · (1 − output) · output</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="dvalues"/> does not have the shape of the output.</exception>
    public void Backward(Matrix dvalues)
    {
        ArgumentNullException.ThrowIfNull(dvalues);
        var output = Output;
        output.RequireSameShape(dvalues, "Sigmoid.Backward output vs dvalues");
        var s = output.Span;
        var d = dvalues.Span;
        var dx = Matrix.Ensure(ref _dinputs, dvalues.Rows, dvalues.Columns).Span;
        for (int i = 0; i < d.Length; i++) dx[i] = d[i] * (1f - s[i]) * s[i];
    }

    /// <summary>1 where the output is &gt; 0.5, else 0 (the book's <c>(outputs &gt; 0.5) * 1</c>), in a buffer owned by
    /// the activation.</summary>
    public Matrix Predictions(Matrix outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var predictions = Matrix.Ensure(ref _predictions, outputs.Rows, outputs.Columns);
        var p = predictions.Span;
        var o = outputs.Span;
        for (int i = 0; i < o.Length; i++) p[i] = o[i] > 0.5f ? 1f : 0f;
        return predictions;
    }

    /// <summary>The kind <c>sigmoid</c>, without settings.</summary>
    public Description Describe() => new("sigmoid");
}
