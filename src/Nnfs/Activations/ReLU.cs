using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Activations;

/// <summary>The rectified linear unit (the book's <c>Activation_ReLU</c>).</summary>
/// <remarks>
/// Forward: <c>output = max(0, x)</c>. Backward: <c>dinputs = dvalues</c>, zeroed where the input was ≤ 0.
/// Predictions are the outputs themselves.
/// </remarks>
public sealed class ReLU : IOutputActivation
{
    private Matrix? _inputs;
    private Matrix? _output;
    private Matrix? _dinputs;

    /// <summary>The inputs of the last <see cref="Forward"/> (the caller's matrix).</summary>
    public Matrix Inputs => _inputs ?? throw new InvalidOperationException("ReLU: Forward has not been called yet.");

    /// <inheritdoc />
    public Matrix Output => _output ?? throw new InvalidOperationException("ReLU: Forward has not been called yet.");

    /// <inheritdoc />
    public Matrix DInputs => _dinputs ?? throw new InvalidOperationException("ReLU: Backward has not been called yet.");

    /// <summary><c>output = max(0, inputs)</c>. <paramref name="training"/> is ignored.</summary>
    public void Forward(Matrix inputs, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _inputs = inputs;
        var output = Matrix.Ensure(ref _output, inputs.Rows, inputs.Columns);
        TensorPrimitives.Max(inputs.Span, 0f, output.Span);
    }

    /// <summary><c>dinputs = dvalues</c> where the input was &gt; 0, else 0.</summary>
    /// <exception cref="ArgumentException"><paramref name="dvalues"/> does not have the shape of the inputs.</exception>
    public void Backward(Matrix dvalues)
    {
        ArgumentNullException.ThrowIfNull(dvalues);
        var inputs = Inputs;
        inputs.RequireSameShape(dvalues, "ReLU.Backward inputs vs dvalues");
        var dinputs = Matrix.Ensure(ref _dinputs, dvalues.Rows, dvalues.Columns).Span;
        Mask(inputs.Span, dvalues.Span, dinputs);
    }

    /// <summary><c>dinputs[i] = x[i] ≤ 0 ? 0 : d[i]</c> (a NaN input passes the gradient, as the book's
    /// <c>dinputs[inputs &lt;= 0] = 0</c>), vectorised; identical to the scalar loop on both paths.</summary>
    internal static void Mask(ReadOnlySpan<float> x, ReadOnlySpan<float> d, Span<float> dinputs)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vd = MemoryMarshal.Cast<float, Vector<float>>(d);
        var vo = MemoryMarshal.Cast<float, Vector<float>>(dinputs);
        int vectors = Math.Min(vx.Length, Math.Min(vd.Length, vo.Length));
        for (int i = 0; i < vectors; i++)
            vo[i] = Vector.ConditionalSelect(Vector.LessThanOrEqual(vx[i], Vector<float>.Zero), Vector<float>.Zero, vd[i]);
        for (int i = vectors * Vector<float>.Count; i < d.Length; i++) dinputs[i] = x[i] <= 0 ? 0f : d[i];
    }

    /// <summary>The outputs unchanged (the same matrix).</summary>
    public Matrix Predictions(Matrix outputs) => outputs ?? throw new ArgumentNullException(nameof(outputs));
}
