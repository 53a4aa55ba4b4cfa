using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Losses;

/// <summary>The mean absolute error, L1 loss for regression (the book's <c>Loss_MeanAbsoluteError</c>).</summary>
/// <remarks>
/// <para>Forward: <c>Lᵢ = mean over outputs of |y − ŷ|</c>. Backward: <c>dinputs = sign(ŷ − y) / outputs / N</c>, with
/// sign(0) = 0. Targets: a matrix of the predictions' shape, or class ids when there is one output.</para>
/// <para>Difference from the book: its backward is <c>np.sign(y_true − dvalues)</c>, the negative of the derivative
/// of |y − ŷ| with respect to ŷ, so gradient descent would increase the error. Here the sign is the correct one
/// (checked against finite differences); the magnitudes are the book's.</para>
/// </remarks>
public sealed class MeanAbsoluteError : Loss, IDescribable
{
    private float[] _row = [];

    /// <summary>Computes the per-sample mean absolute error.</summary>
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
            for (int j = 0; j < outputs; j++) row[j] = Math.Abs(t[j] - p[j]);
            losses[i] = ElementMath.RowSum(row) / outputs;
        }
    }

    /// <summary><c>dinputs = sign(dvalues − y) / outputs / N</c>.</summary>
    /// <exception cref="ArgumentException">Empty batch, wrong target count or shape, or a non-finite value.</exception>
    public override void Backward(Matrix dvalues, Targets yTrue)
    {
        CheckPredictions(dvalues, yTrue);
        var y = TargetMatrix(dvalues, yTrue).Span;
        float outputs = dvalues.Columns, samples = dvalues.Rows;
        var d = dvalues.Span;
        var dx = PrepareDInputs(dvalues.Rows, dvalues.Columns).Span;
        for (int i = 0; i < d.Length; i++)
        {
            float diff = y[i] - d[i];
            float sign = diff > 0 ? -1f : diff < 0 ? 1f : 0f;
            dx[i] = sign / outputs / samples;
        }
    }

    /// <summary>The kind <c>mean_absolute_error</c>, without settings.</summary>
    public Description Describe() => new("mean_absolute_error");
}
