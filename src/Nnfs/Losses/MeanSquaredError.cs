using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Losses;

/// <summary>The mean squared error, L2 loss for regression (the book's <c>Loss_MeanSquaredError</c>).</summary>
/// <remarks>
/// Forward: <c>Lᵢ = mean over outputs of (y − ŷ)²</c>. Backward: <c>dinputs = −2·(y − ŷ) / outputs / N</c>.
/// Targets: a matrix of the predictions' shape, or class ids when there is one output.
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
        var y = TargetMatrix(dvalues, yTrue).Span;
        float outputs = dvalues.Columns, samples = dvalues.Rows;
        var d = dvalues.Span;
        var dx = PrepareDInputs(dvalues.Rows, dvalues.Columns).Span;
        for (int i = 0; i < d.Length; i++) dx[i] = -2f * (y[i] - d[i]) / outputs / samples;
    }

    /// <summary>The kind <c>mean_squared_error</c>, without settings.</summary>
    public Description Describe() => new("mean_squared_error");
}
