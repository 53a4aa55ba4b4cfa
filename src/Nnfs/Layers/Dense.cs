using System.Globalization;
using System.Numerics.Tensors;
using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Layers;

/// <summary>
/// A fully connected layer (the book's <c>Layer_Dense</c>): <c>output = inputs · W + b</c>, with optional L1/L2
/// regularization of weights and biases.
/// </summary>
/// <remarks>
/// <para>Weights are stored <c>[inputs, neurons]</c> (NNFS/Keras layout; PyTorch's is the transpose) and initialised
/// as <c>initScale · randn(inputs, neurons)</c>: Gaussians drawn row-major from the generator, rounded to float32 and
/// multiplied by <c>(float)initScale</c> in float32 (docs/numerics.md, "float32 rounding points"; the book uses 0.01, chapter 17 uses 0.1).
/// Biases start at zero, shape 1 × neurons.</para>
/// <para>Forward: <c>output = inputs·W + b</c> (b broadcast over rows).</para>
/// <para>Backward with G = <c>dvalues</c>: <c>dW = inputsᵀ·G</c>; <c>db = Σ_rows G</c> (as NumPy's
/// <c>np.sum(axis=0)</c>: down each column in row order, or pairwise when there is a single column); then, each only
/// when its strength is &gt; 0 and in this order, <c>dW += λ₁ʷ·sign'(W)</c> with sign'(0) = +1,
/// <c>dW += 2λ₂ʷ·W</c>, <c>db += λ₁ᵇ·sign'(b)</c>, <c>db += 2λ₂ᵇ·b</c> (float32 arithmetic); finally
/// <c>dinputs = G·Wᵀ</c>, skipped when <see cref="ComputeInputGradient"/> is false.</para>
/// <para>All buffers belong to the layer and are reused from one batch to the next.</para>
/// </remarks>
public sealed class Dense : ITrainableLayer, IDescribable
{
    private readonly Parameter _weight;
    private readonly Parameter _bias;
    private readonly Parameter[] _parameters;
    private Matrix? _scratch;
    private readonly double[] _strengthsAsDecimal;

    /// <summary>Creates a layer of <paramref name="neurons"/> neurons fed by <paramref name="inputs"/> features.</summary>
    /// <param name="inputs">Number of input features (≥ 1).</param>
    /// <param name="neurons">Number of neurons, i.e. output features (≥ 1).</param>
    /// <param name="weightRegularizerL1">λ₁ʷ, the L1 strength on weights (default 0 = off).</param>
    /// <param name="weightRegularizerL2">λ₂ʷ, the L2 strength on weights (default 0 = off).</param>
    /// <param name="biasRegularizerL1">λ₁ᵇ, the L1 strength on biases (default 0 = off).</param>
    /// <param name="biasRegularizerL2">λ₂ᵇ, the L2 strength on biases (default 0 = off).</param>
    /// <param name="random">The generator for the initial weights; default <see cref="RandomState.Global"/> (the
    /// book's <c>np.random</c>).</param>
    /// <param name="initScale">The factor on the Gaussian initial weights (default 0.01, the book's value).</param>
    public Dense(int inputs, int neurons, float weightRegularizerL1 = 0, float weightRegularizerL2 = 0,
        float biasRegularizerL1 = 0, float biasRegularizerL2 = 0, RandomState? random = null, float initScale = 0.01f)
        : this(inputs, neurons, weightRegularizerL1, weightRegularizerL2, biasRegularizerL1, biasRegularizerL2, random, initScale, draw: true)
    {
    }

    /// <summary>
    /// A layer whose weights are about to be replaced (a model file being loaded): zero weights, nothing drawn from
    /// any generator, which saves drawing <c>inputs · neurons</c> Gaussians only to overwrite them.
    /// </summary>
    internal static Dense ForLoading(int inputs, int neurons, float weightRegularizerL1, float weightRegularizerL2,
        float biasRegularizerL1, float biasRegularizerL2) =>
        new(inputs, neurons, weightRegularizerL1, weightRegularizerL2, biasRegularizerL1, biasRegularizerL2, null, 0f, draw: false);

    private Dense(int inputs, int neurons, float weightRegularizerL1, float weightRegularizerL2,
        float biasRegularizerL1, float biasRegularizerL2, RandomState? random, float initScale, bool draw)
    {
        if (inputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), inputs, "A dense layer needs at least 1 input.");
        if (neurons < 1) throw new ArgumentOutOfRangeException(nameof(neurons), neurons, "A dense layer needs at least 1 neuron.");
        CheckStrength(weightRegularizerL1, nameof(weightRegularizerL1));
        CheckStrength(weightRegularizerL2, nameof(weightRegularizerL2));
        CheckStrength(biasRegularizerL1, nameof(biasRegularizerL1));
        CheckStrength(biasRegularizerL2, nameof(biasRegularizerL2));
        if (!float.IsFinite(initScale)) throw new ArgumentOutOfRangeException(nameof(initScale), initScale, "The initial weight scale must be finite.");

        InputCount = inputs;
        Neurons = neurons;
        WeightRegularizerL1 = weightRegularizerL1;
        WeightRegularizerL2 = weightRegularizerL2;
        BiasRegularizerL1 = biasRegularizerL1;
        BiasRegularizerL2 = biasRegularizerL2;
        _strengthsAsDecimal = [AsDecimal(weightRegularizerL1), AsDecimal(weightRegularizerL2),
            AsDecimal(biasRegularizerL1), AsDecimal(biasRegularizerL2)];

        var weights = new Matrix(inputs, neurons);
        if (draw)
        {
            (random ?? RandomState.Global).Randn(weights.Span);
            TensorPrimitives.Multiply(weights.Span, initScale, weights.Span);
        }
        _weight = new Parameter("weight", weights);
        _bias = new Parameter("bias", new Matrix(1, neurons));
        _parameters = [_weight, _bias];
    }

    /// <summary>Number of input features.</summary>
    public int InputCount { get; }

    /// <summary>Number of neurons (output features).</summary>
    public int Neurons { get; }

    /// <summary>λ₁ʷ, the L1 strength on weights (the book's <c>weight_regularizer_l1</c>); 0 = off.</summary>
    public float WeightRegularizerL1 { get; }

    /// <summary>λ₂ʷ, the L2 strength on weights (the book's <c>weight_regularizer_l2</c>); 0 = off.</summary>
    public float WeightRegularizerL2 { get; }

    /// <summary>λ₁ᵇ, the L1 strength on biases (the book's <c>bias_regularizer_l1</c>); 0 = off.</summary>
    public float BiasRegularizerL1 { get; }

    /// <summary>λ₂ᵇ, the L2 strength on biases (the book's <c>bias_regularizer_l2</c>); 0 = off.</summary>
    public float BiasRegularizerL2 { get; }

    /// <summary>The weights W, shape (inputs, neurons).</summary>
    public Matrix Weights => _weight.Value;

    /// <summary>The biases b, shape (1, neurons).</summary>
    public Matrix Biases => _bias.Value;

    /// <summary>∂L/∂W from the last <see cref="Backward"/> (the book's <c>dweights</c>), shape (inputs, neurons).</summary>
    public Matrix DWeights => _weight.Gradient;

    /// <summary>∂L/∂b from the last <see cref="Backward"/> (the book's <c>dbiases</c>), shape (1, neurons).</summary>
    public Matrix DBiases => _bias.Gradient;

    /// <summary>The inputs of the last <see cref="Forward"/> (a reference to the caller's matrix, as in the book).</summary>
    public Matrix Inputs => Buffers.Inputs;

    /// <inheritdoc />
    public Matrix Output => Buffers.Output;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Backward has not been called yet, or the last
    /// <see cref="Backward"/> skipped the input gradient (<see cref="ComputeInputGradient"/> was false).</exception>
    public Matrix DInputs => Buffers.DInputsSkipped
        ? throw new InvalidOperationException($"{this}: the last Backward did not compute DInputs because ComputeInputGradient is false " +
                                              "(a Model turns it off for its first trainable layer; set Model.ComputeInputGradient = true to keep it).")
        : Buffers.DInputs;

    /// <summary>The inputs, output and input gradient the passes keep (what a fused pass fills in their place).</summary>
    internal LayerBuffers Buffers { get; } = new("Dense");

    /// <summary>
    /// Whether <see cref="Backward"/> computes <see cref="DInputs"/> = <c>G·Wᵀ</c>. Default true. A
    /// <see cref="Models.Model"/> sets it to false on its first trainable layer when no layer before it needs a
    /// gradient (the input gradient of the first layer is never used in training, and for the Fashion-MNIST network
    /// it is a fifth of the step's work); see <see cref="Models.Model.ComputeInputGradient"/>.
    /// </summary>
    /// <remarks>While it is false, reading <see cref="DInputs"/> after <see cref="Backward"/> throws rather than
    /// returning a stale gradient. The weight and bias gradients do not depend on it.</remarks>
    public bool ComputeInputGradient { get; set; } = true;

    /// <summary>[weight, bias], named <c>"weight"</c> and <c>"bias"</c>.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Copies <paramref name="weights"/> and <paramref name="biases"/> into the layer (the book's
    /// <c>set_parameters</c>, which assigns instead of copying).</summary>
    /// <exception cref="ArgumentException">A shape differs from (inputs, neurons) or (1, neurons).</exception>
    public void SetParameters(Matrix weights, Matrix biases)
    {
        Weights.RequireSameShape(weights, $"Dense({InputCount}, {Neurons}).SetParameters weights");
        Biases.RequireSameShape(biases, $"Dense({InputCount}, {Neurons}).SetParameters biases");
        weights.Span.CopyTo(Weights.Span);
        biases.Span.CopyTo(Biases.Span);
    }

    /// <summary>
    /// <c>output = inputs·W + b</c>. <paramref name="training"/> is ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The inputs do not have <see cref="InputCount"/> columns, or the batch is empty.</exception>
    public void Forward(Matrix inputs, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Columns != InputCount)
            throw new ArgumentException($"Dense({InputCount}, {Neurons}) expects {InputCount} input columns, got {inputs.Columns} (batch shape {inputs.Shape}).", nameof(inputs));
        if (inputs.Rows == 0) throw new ArgumentException($"Dense({InputCount}, {Neurons}): the batch is empty.", nameof(inputs));
        MatMul.MultiplyAddBias(inputs, Weights, Biases, Buffers.ForwardInto(inputs, Neurons));
    }

    /// <summary>Computes <see cref="DWeights"/>, <see cref="DBiases"/> (with regularization) and, when
    /// <see cref="ComputeInputGradient"/> is true, <see cref="DInputs"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="dvalues"/> is not (batch, neurons).</exception>
    public void Backward(Matrix dvalues)
    {
        ArgumentNullException.ThrowIfNull(dvalues);
        var inputs = Inputs;
        if (dvalues.Rows != inputs.Rows || dvalues.Columns != Neurons)
            throw new ArgumentException($"Dense({InputCount}, {Neurons}).Backward expects gradients of shape ({inputs.Rows}, {Neurons}), got {dvalues.Shape}.", nameof(dvalues));

        MatMul.MultiplyTransposeA(inputs, dvalues, DWeights);
        RegularizationGradient.Add(DWeights.Span, Weights.Span, WeightRegularizerL1, WeightRegularizerL2);
        if (dvalues.IsFloat64)
        {
            // Exact path, float64 gradients (below a dropout layer, or from float64 targets): NumPy sums them and adds
            // the regularization in float64, and the bias gradient stays float64 (docs/numerics.md, "float64 arrays").
            Float64Math.ColumnSums(dvalues, DBiases);
            Float64Math.AddRegularization(DBiases, Biases.Span, BiasRegularizerL1, BiasRegularizerL2);
        }
        else
        {
            DBiases.MarkFloat32();
            ColumnSums.NumPyAxis0(dvalues.Span, Neurons, DBiases.Span);
            RegularizationGradient.Add(DBiases.Span, Biases.Span, BiasRegularizerL1, BiasRegularizerL2);
        }

        if (ComputeInputGradient) MatMul.MultiplyTransposeB(dvalues, Weights, Buffers.DInputsInto(dvalues.Rows, InputCount));
        else Buffers.SkipDInputs();
    }

    /// <summary>
    /// The penalty <c>λ₁ʷ·Σ|W| + λ₂ʷ·ΣW² + λ₁ᵇ·Σ|b| + λ₂ᵇ·Σb²</c>, terms with strength 0 skipped (the book's
    /// <c>Loss.regularization_loss</c> for this layer).
    /// </summary>
    /// <remarks>As in NumPy 1.x: each sum is a float32 <c>np.sum</c> and each product with the strength (taken as the
    /// decimal value it was written as, e.g. 5e-4) is done in double, as are the additions.</remarks>
    public double RegularizationLoss() => AddRegularizationLoss(0.0);

    /// <summary>Adds the terms of <see cref="RegularizationLoss"/> one by one to <paramref name="total"/> (the book's
    /// running sum over the layers) and returns it.</summary>
    public double AddRegularizationLoss(double total)
    {
        if (WeightRegularizerL1 > 0) total += _strengthsAsDecimal[0] * SumOfMagnitudes(Weights.Span);
        if (WeightRegularizerL2 > 0) total += _strengthsAsDecimal[1] * SumOfSquares(Weights.Span);
        if (BiasRegularizerL1 > 0) total += _strengthsAsDecimal[2] * SumOfMagnitudes(Biases.Span);
        if (BiasRegularizerL2 > 0) total += _strengthsAsDecimal[3] * SumOfSquares(Biases.Span);
        return total;
    }

    /// <inheritdoc />
    public override string ToString() => $"Dense({InputCount}, {Neurons})";

    private float SumOfMagnitudes(ReadOnlySpan<float> values)
    {
        if (Engine.Path != NumericPath.Exact) return TensorPrimitives.SumOfMagnitudes(values);
        var scratch = Matrix.Ensure(ref _scratch, 1, values.Length).Span;
        TensorPrimitives.Abs(values, scratch);
        return NumPySum.Sum(scratch);
    }

    private float SumOfSquares(ReadOnlySpan<float> values)
    {
        if (Engine.Path != NumericPath.Exact) return TensorPrimitives.SumOfSquares(values);
        var scratch = Matrix.Ensure(ref _scratch, 1, values.Length).Span;
        TensorPrimitives.Multiply(values, values, scratch);
        return NumPySum.Sum(scratch);
    }

    // The strength as the decimal number it was written as (5e-4f → 0.0005), the Python float the book multiplies by.
    private static double AsDecimal(float value) =>
        double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static void CheckStrength(float value, string name)
    {
        if (!(value >= 0) || float.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, "A regularization strength must be finite and >= 0.");
    }

    /// <summary>The kind <c>dense</c> with <c>inputs</c>, <c>neurons</c> and the four regularization strengths
    /// (<c>weight_regularizer_l1</c>, <c>weight_regularizer_l2</c>, <c>bias_regularizer_l1</c>,
    /// <c>bias_regularizer_l2</c>, float32). The weights and biases are saved as tensors, not in the description.</summary>
    public Description Describe() => new Description("dense").With("inputs", InputCount).With("neurons", Neurons)
        .With("weight_regularizer_l1", WeightRegularizerL1).With("weight_regularizer_l2", WeightRegularizerL2)
        .With("bias_regularizer_l1", BiasRegularizerL1).With("bias_regularizer_l2", BiasRegularizerL2);
}
