using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Losses;

/// <summary>The mean squared error, L2 loss for regression (the book's <c>Loss_MeanSquaredError</c>).</summary>
/// <remarks>
/// Forward: <c>Lᵢ = mean over outputs of (y − ŷ)²</c>. Backward: <c>dinputs = −2·(y − ŷ) / outputs / N</c>.
/// Targets: a matrix of the predictions' shape, or class ids when there is one output. On the exact path, float64
/// targets or predictions (<see cref="Matrix.IsFloat64"/>, e.g. the sine data) make the sample losses and the
/// gradient float64, as in NumPy (docs/numerics.md, "float64 arrays").
/// </remarks>
public sealed class MeanSquaredError : Loss, IDescribable
{
    private float[] _row = [];

    /// <summary>Computes the per-sample mean squared error.</summary>
    /// <exception cref="ArgumentException">Empty batch, wrong target count or shape, or a non-finite value.</exception>
    public override void Forward(Matrix yPred, Targets yTrue)
    {
        CheckPredictions(yPred, yTrue);
        var y = TargetMatrix(yPred, yTrue);
        int outputs = yPred.Columns;
        if ((y.IsFloat64 || yPred.IsFloat64) && Engine.Path == NumericPath.Exact)
        {
            ForwardFloat64(yPred, y);
            return;
        }
        if (_row.Length < outputs) _row = new float[outputs];
        var row = _row.AsSpan(0, outputs);
        var losses = PrepareSampleLosses(yPred.Rows);
        for (int i = 0; i < yPred.Rows; i++)
        {
            var p = yPred.Row(i);
            var t = y.Row(i);
            for (int j = 0; j < outputs; j++)
            {
                float diff = t[j] - p[j];
                row[j] = diff * diff;
            }
            losses[i] = ElementMath.RowSum(row) / outputs;
        }
    }

    /// <summary><c>dinputs = −2·(y − dvalues) / outputs / N</c>.</summary>
    /// <exception cref="ArgumentException">Empty batch, wrong target count or shape, or a non-finite value.</exception>
    public override void Backward(Matrix dvalues, Targets yTrue)
    {
        CheckPredictions(dvalues, yTrue);
        var targets = TargetMatrix(dvalues, yTrue);
        if ((targets.IsFloat64 || dvalues.IsFloat64) && Engine.Path == NumericPath.Exact)
        {
            BackwardFloat64(dvalues, targets);
            return;
        }
        var y = targets.Span;
        float outputs = dvalues.Columns, samples = dvalues.Rows;
        var d = dvalues.Span;
        var dx = PrepareDInputs(dvalues.Rows, dvalues.Columns).Span;
        for (int i = 0; i < d.Length; i++) dx[i] = -2f * (y[i] - d[i]) / outputs / samples;
    }

    /// <summary>The kind <c>mean_squared_error</c>, without settings.</summary>
    public Description Describe() => new("mean_squared_error");

    // np.mean((y_true - y_pred) ** 2, axis=-1) with a float64 operand: float64 throughout, each row's squares summed
    // in NumPy's order and divided by the column count.
    private void ForwardFloat64(Matrix yPred, Matrix y)
    {
        int outputs = yPred.Columns;
        var p = PromotedValues(yPred, ref _predictions64);
        var t = PromotedValues(y, ref _targets64);
        if (_row64.Length < outputs) _row64 = new double[outputs];
        var row = _row64.AsSpan(0, outputs);
        var losses = PrepareSampleLossesFloat64(yPred.Rows);
        for (int i = 0; i < losses.Length; i++)
        {
            for (int j = 0; j < outputs; j++)
            {
                double diff = t[i * outputs + j] - p[i * outputs + j];
                row[j] = diff * diff;
            }
            losses[i] = NumPySum.Sum(row) / outputs;
        }
        RoundSampleLosses();
    }

    // -2 * (y_true - dvalues) / outputs / samples with a float64 operand: float64 gradients.
    private void BackwardFloat64(Matrix dvalues, Matrix y)
    {
        double outputs = dvalues.Columns, samples = dvalues.Rows;
        var d = PromotedValues(dvalues, ref _predictions64);
        var t = PromotedValues(y, ref _targets64);
        var dinputs = PrepareDInputs(dvalues.Rows, dvalues.Columns);
        var dx = dinputs.SetFloat64();
        for (int i = 0; i < dx.Length; i++) dx[i] = -2 * (t[i] - d[i]) / outputs / samples;
        dinputs.RoundFloat64();
    }

    private double[] _row64 = [], _predictions64 = [], _targets64 = [];

    // A matrix's values in double: its float64 values, or its float32 values widened into scratch.
    private static ReadOnlySpan<double> PromotedValues(Matrix m, ref double[] scratch)
    {
        if (m.IsFloat64) return m.Float64;
        if (scratch.Length < m.Length) scratch = new double[m.Length];
        var wide = scratch.AsSpan(0, m.Length);
        var narrow = m.Span;
        for (int i = 0; i < wide.Length; i++) wide[i] = narrow[i];
        return wide;
    }
}
