using System.Runtime.CompilerServices;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Losses;

/// <summary>
/// The base of every loss (the book's <c>Loss</c>): per-sample losses from <see cref="Forward"/>, their mean, the
/// running sums over an epoch, and the regularization penalty of the trainable layers.
/// </summary>
/// <remarks>
/// <para><see cref="Calculate"/>: <c>data_loss = mean(sample_losses)</c> (NumPy's float32 pairwise mean on the exact
/// path), and <c>accumulated_sum += sum(sample_losses)</c>, <c>accumulated_count += N</c>. As in NumPy 1.x the running
/// sum is a double (a float32 scalar added to a Python number).</para>
/// <para><see cref="RegularizationLoss"/>: <c>Σ over layers of λ₁ʷΣ|W| + λ₂ʷΣW² + λ₁ᵇΣ|b| + λ₂ᵇΣb²</c>, added one term
/// at a time in that order, in double.</para>
/// <para>Predictions must be finite and there must be one target per row; otherwise the calls throw
/// <see cref="ArgumentException"/> naming the loss, the shapes or the offending element.</para>
/// </remarks>
public abstract class Loss
{
    private float[] _sampleLosses = [];
    private double[] _sampleLosses64 = [];
    private bool _float64Losses;
    private int _sampleCount;
    private Matrix? _dinputs;
    private Matrix? _targets;
    private IReadOnlyList<ITrainableLayer> _trainableLayers = [];

    /// <summary>The loss's name used in error messages (the class name), read once.</summary>
    /// <remarks>Cached because every step passes it to its checks, and under Native AOT <c>Type.Name</c>
    /// builds a new string on each call (the JIT runtime caches it).</remarks>
    protected string Name => _name ??= GetType().Name;

    private string? _name;

    /// <summary>The per-sample losses of the last <see cref="Forward"/> (the book's return value of
    /// <c>forward</c>).</summary>
    public ReadOnlySpan<float> SampleLosses => _sampleLosses.AsSpan(0, _sampleCount);

    /// <summary>∂L/∂predictions from the last <see cref="Backward"/>.</summary>
    public Matrix DInputs => _dinputs ?? throw new InvalidOperationException($"{Name}: Backward has not been called yet.");

    /// <summary>Σ of the sample losses since the last <see cref="NewPass"/>, in double (the book's
    /// <c>accumulated_sum</c>).</summary>
    public double AccumulatedSum { get; private set; }

    /// <summary>Number of samples since the last <see cref="NewPass"/> (the book's <c>accumulated_count</c>).</summary>
    public long AccumulatedCount { get; private set; }

    /// <summary>Computes the per-sample losses into <see cref="SampleLosses"/>.</summary>
    /// <param name="yPred">Predictions, one row per sample.</param>
    /// <param name="yTrue">Targets, one per sample.</param>
    public abstract void Forward(Matrix yPred, Targets yTrue);

    /// <summary>Computes <see cref="DInputs"/>, the gradient of the mean loss with respect to the predictions.</summary>
    /// <param name="dvalues">The predictions the loss was computed on (the book passes the output layer's output).</param>
    /// <param name="yTrue">Targets, one per sample.</param>
    public abstract void Backward(Matrix dvalues, Targets yTrue);

    /// <summary>Remembers the layers whose penalties <see cref="RegularizationLoss"/> adds up (the book's
    /// <c>remember_trainable_layers</c>).</summary>
    public void RememberTrainableLayers(IReadOnlyList<ITrainableLayer> layers) =>
        _trainableLayers = layers ?? throw new ArgumentNullException(nameof(layers));

    /// <summary>The data loss: the mean of the per-sample losses (float32). Also adds them to the running sums.</summary>
    public float Calculate(Matrix output, Targets y)
    {
        Forward(output, y);
        if (_float64Losses)
        {
            // float64 sample losses (exact path, float64 targets): NumPy's mean and sum are float64; the float32 value
            // returned is that mean rounded (docs/numerics.md, "float64 arrays").
            var wide = _sampleLosses64.AsSpan(0, _sampleCount);
            AccumulatedSum += NumPySum.Sum(wide);
            AccumulatedCount += wide.Length;
            return (float)NumPySum.Mean(wide);
        }
        var losses = SampleLosses;
        float dataLoss = ElementMath.Mean(losses);
        AccumulatedSum += ElementMath.RowSum(losses);
        AccumulatedCount += losses.Length;
        return dataLoss;
    }

    /// <summary>The mean sample loss since the last <see cref="NewPass"/>: <c>AccumulatedSum / AccumulatedCount</c>
    /// rounded to float32 (use the two properties for the book's double value).</summary>
    /// <exception cref="InvalidOperationException">Nothing was accumulated.</exception>
    public float CalculateAccumulated()
    {
        if (AccumulatedCount == 0) throw new InvalidOperationException($"{Name}: no loss accumulated since the last NewPass.");
        return (float)(AccumulatedSum / AccumulatedCount);
    }

    /// <summary>Resets the running sums (the book's <c>new_pass</c>).</summary>
    public void NewPass()
    {
        AccumulatedSum = 0;
        AccumulatedCount = 0;
    }

    /// <summary>The regularization penalty of the remembered trainable layers with their current parameters
    /// (0 when none are remembered).</summary>
    public double RegularizationLoss()
    {
        double total = 0;
        for (int i = 0; i < _trainableLayers.Count; i++) total = _trainableLayers[i].AddRegularizationLoss(total);
        return total;
    }

    /// <summary>Returns a span of <paramref name="samples"/> sample losses to fill, reusing the buffer.</summary>
    protected Span<float> PrepareSampleLosses(int samples)
    {
        if (_sampleLosses.Length < samples) _sampleLosses = new float[samples];
        _sampleCount = samples;
        _float64Losses = false;
        return _sampleLosses.AsSpan(0, samples);
    }

    /// <summary>
    /// The float64 sample losses <see cref="Forward"/> fills on the exact path when NumPy's are float64 (float64
    /// targets); <see cref="Calculate"/> then averages them in double. Call <see cref="RoundSampleLosses"/> after
    /// filling them, so that <see cref="SampleLosses"/> holds them rounded to float32.
    /// </summary>
    private protected Span<double> PrepareSampleLossesFloat64(int samples)
    {
        PrepareSampleLosses(samples);
        if (_sampleLosses64.Length < samples) _sampleLosses64 = new double[samples];
        _float64Losses = true;
        return _sampleLosses64.AsSpan(0, samples);
    }

    /// <summary>Rounds the float64 sample losses into <see cref="SampleLosses"/>.</summary>
    private protected void RoundSampleLosses()
    {
        for (int i = 0; i < _sampleCount; i++) _sampleLosses[i] = (float)_sampleLosses64[i];
    }

    /// <summary>Returns the <see cref="DInputs"/> buffer shaped (rows, columns).</summary>
    protected Matrix PrepareDInputs(int rows, int columns) => Matrix.Ensure(ref _dinputs, rows, columns);

    /// <summary>Checks predictions and the target count: non-empty, one target per row, all predictions finite.</summary>
    protected void CheckPredictions(Matrix yPred, Targets yTrue)
    {
        ArgumentNullException.ThrowIfNull(yPred);
        ArgumentNullException.ThrowIfNull(yTrue);
        yTrue.RequireCount(yPred, Name);
        if (yPred.Columns == 0) ThrowNoColumns(yPred);
        ElementMath.RequireFinite(yPred, Name, "prediction");
    }

    // Throws live in their own methods, so that the per-step checks compile small (start-up time).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNoColumns(Matrix yPred) =>
        throw new ArgumentException($"{Name}: predictions of shape {yPred.Shape} have no columns.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowLabelOutOfRange(int[] labels, int i, Matrix yPred) =>
        throw new ArgumentException($"{Name}: label {labels[i]} at index {i} is out of range for {yPred.Columns} classes (predictions {yPred.Shape}).");

    /// <summary>Checks that every sparse label is a valid column index of <paramref name="yPred"/>.</summary>
    protected void CheckLabels(int[] labels, Matrix yPred)
    {
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)yPred.Columns) ThrowLabelOutOfRange(labels, i, yPred);
    }

    /// <summary>
    /// The targets as a matrix of the predictions' shape: the target matrix itself (checked: same shape, finite), or
    /// for a single output column, the sparse labels as values (in a reused buffer).
    /// </summary>
    protected Matrix TargetMatrix(Matrix yPred, Targets yTrue)
    {
        if (yTrue.Values is { } values)
        {
            if (values.Rows != yPred.Rows || values.Columns != yPred.Columns)
                throw new ArgumentException($"{Name}: predictions {yPred.Shape} and targets {values.Shape} must have the same shape.");
            ElementMath.RequireFinite(values, Name, "target");
            return values;
        }
        var classes = yTrue.Classes!;
        if (yPred.Columns != 1)
            throw new ArgumentException($"{Name}: class ids as targets need predictions with 1 column, got {yPred.Shape}; pass a target matrix of that shape.");
        var m = Matrix.Ensure(ref _targets, classes.Length, 1);
        for (int i = 0; i < classes.Length; i++) m[i, 0] = classes[i];
        return m;
    }
}
