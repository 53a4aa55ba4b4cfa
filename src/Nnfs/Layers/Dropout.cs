using System.Globalization;
using System.Numerics.Tensors;
using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Layers;

/// <summary>Inverted dropout (the book's <c>Layer_Dropout</c>): during training each input is zeroed with
/// probability <see cref="Rate"/> and the survivors are scaled by <c>1/keep</c>.</summary>
/// <remarks>
/// <para>With <c>keep = 1 − rate</c>, training forward draws <c>mask = Binomial(1, keep) / keep</c> per element (one
/// uniform per element, C order, from the generator) and sets <c>output = inputs ⊙ mask</c>; backward is
/// <c>dinputs = dvalues ⊙ mask</c>. Outside training <c>output</c> is a copy of the inputs and nothing is drawn.</para>
/// <para>NumPy's mask is float64 (int64 draws divided by a Python float), which makes the output and the gradients
/// below the layer float64. The exact path does the same: the mask, the output and the input gradient are float64
/// matrices (<see cref="Matrix.IsFloat64"/>; docs/numerics.md, "float64 arrays"), with 1/keep computed in double.
/// The fast path keeps everything float32, with the mask value <c>(float)(1/keep)</c>. The draws are the same. A
/// fixed mask (<see cref="SetFixedMask"/>) is used as the float32 values given.</para>
/// </remarks>
public sealed class Dropout : ILayer, IDescribable
{
    private readonly RandomState? _random;
    private Matrix? _output;
    private Matrix? _dinputs;
    private Matrix? _mask;
    private Matrix? _fixedMask;

    /// <summary>Creates a dropout layer.</summary>
    /// <param name="rate">The fraction of inputs dropped, in [0, 1) (the book's constructor argument, e.g. 0.1).</param>
    /// <param name="random">The generator for the masks; default <see cref="RandomState.Global"/>, looked up at each
    /// draw.</param>
    public Dropout(float rate, RandomState? random = null)
    {
        if (!(rate >= 0 && rate < 1))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate is the fraction dropped and must be in [0, 1).");
        Rate = rate;
        // 1 - rate as Python computes it from the decimal the rate was written as (1 - 0.1 = 0.9 exactly as a double).
        Keep = 1 - double.Parse(rate.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        _random = random;
    }

    /// <summary>The fraction of inputs dropped during training.</summary>
    public float Rate { get; }

    /// <summary>The keep probability <c>1 − rate</c> (what the book stores as <c>self.rate</c>).</summary>
    public double Keep { get; }

    /// <summary>The mask of the last training forward pass: 0 or <c>1/keep</c> per element.</summary>
    public Matrix Mask => _mask ?? throw new InvalidOperationException("Dropout: no training forward pass yet.");

    /// <inheritdoc />
    public Matrix Output => _output ?? throw new InvalidOperationException("Dropout: Forward has not been called yet.");

    /// <inheritdoc />
    public Matrix DInputs => _dinputs ?? throw new InvalidOperationException("Dropout: Backward has not been called yet.");

    /// <summary>
    /// Uses <paramref name="mask"/> (copied) instead of random draws in every later training pass, or draws again when
    /// null. Meant for tests and reproductions.
    /// </summary>
    public void SetFixedMask(Matrix? mask) => _fixedMask = mask?.Clone();

    /// <summary>Training: <c>output = inputs ⊙ mask</c> with a fresh mask; otherwise <c>output = inputs</c> (copied).</summary>
    /// <exception cref="ArgumentException">A fixed mask is set and its shape differs from the inputs'.</exception>
    public void Forward(Matrix inputs, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var output = Matrix.Ensure(ref _output, inputs.Rows, inputs.Columns);
        if (!training)
        {
            inputs.Span.CopyTo(output.Span);
            if (inputs.IsFloat64) inputs.Float64.CopyTo(output.SetFloat64());
            return;
        }
        var mask = Matrix.Ensure(ref _mask, inputs.Rows, inputs.Columns);
        if (_fixedMask is not null)
        {
            _fixedMask.RequireSameShape(inputs, "Dropout fixed mask vs inputs");
            _fixedMask.Span.CopyTo(mask.Span);
        }
        else if (Engine.Path == NumericPath.Exact)
        {
            // np.random.binomial(1, keep, size) / keep: 0 or 1/keep in float64.
            (_random ?? RandomState.Global).BinomialMask(mask.Span, Keep, scale: 1f);
            var wide = mask.SetFloat64();
            double scale = 1 / Keep;
            var drawn = mask.Span;
            for (int i = 0; i < wide.Length; i++) wide[i] = drawn[i] * scale;
            mask.RoundFloat64();
        }
        else
        {
            (_random ?? RandomState.Global).BinomialMask(mask.Span, Keep, scale: (float)(1 / Keep));
        }
        if (mask.IsFloat64 || inputs.IsFloat64) Float64Math.Multiply(inputs, mask, output);
        else TensorPrimitives.Multiply(inputs.Span, mask.Span, output.Span);
    }

    /// <summary><c>dinputs = dvalues ⊙ mask</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="dvalues"/> does not have the shape of the mask.</exception>
    public void Backward(Matrix dvalues)
    {
        ArgumentNullException.ThrowIfNull(dvalues);
        var mask = Mask;
        mask.RequireSameShape(dvalues, "Dropout.Backward mask vs dvalues");
        var dinputs = Matrix.Ensure(ref _dinputs, dvalues.Rows, dvalues.Columns);
        if (mask.IsFloat64 || dvalues.IsFloat64) Float64Math.Multiply(dvalues, mask, dinputs);
        else TensorPrimitives.Multiply(dvalues.Span, mask.Span, dinputs.Span);
    }

    /// <summary>The kind <c>dropout</c> with its <c>rate</c> (float32). The generator is not described: a loaded
    /// layer draws from <see cref="RandomState.Global"/>.</summary>
    public Description Describe() => new Description("dropout").With("rate", Rate);
}
