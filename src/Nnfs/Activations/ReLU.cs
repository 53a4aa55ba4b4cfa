using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Nnfs.Descriptions;
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
        Rectify(inputs.Span, output.Span);
    }

    /// <summary><c>output[i] = x[i] ≤ 0 ? +0 : x[i]</c>, vectorised: exactly <c>TensorPrimitives.Max(x, 0)</c>
    /// (NaN kept, −0 → +0) without its general NaN and signed-zero handling.</summary>
    internal static void Rectify(ReadOnlySpan<float> x, Span<float> output)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vo = MemoryMarshal.Cast<float, Vector<float>>(output);
        int vectors = Math.Min(vx.Length, vo.Length);
        for (int i = 0; i < vectors; i++)
            vo[i] = Vector.ConditionalSelect(Vector.LessThanOrEqual(vx[i], Vector<float>.Zero), Vector<float>.Zero, vx[i]);
        for (int i = vectors * Vector<float>.Count; i < x.Length; i++) output[i] = x[i] <= 0 ? 0f : x[i];
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

    /// <summary>Records <paramref name="inputs"/> as <see cref="Forward"/> does and returns the <see cref="Output"/>
    /// buffer shaped like them, for a fused pass that fills it with <c>max(0, inputs)</c>.</summary>
    internal Matrix OutputBufferFor(Matrix inputs)
    {
        _inputs = inputs;
        return Matrix.Ensure(ref _output, inputs.Rows, inputs.Columns);
    }

    /// <summary>The <see cref="DInputs"/> buffer shaped (rows, columns), for a model's fused pass that fills it.</summary>
    internal Matrix InputGradientBuffer(int rows, int columns) => Matrix.Ensure(ref _dinputs, rows, columns);

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

    /// <summary>The kind <c>relu</c>, without settings.</summary>
    public Description Describe() => new("relu");
}
