using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Losses;

/// <summary>The categorical cross-entropy (the book's <c>Loss_CategoricalCrossentropy</c>).</summary>
/// <remarks>
/// <para>Forward: <c>ŷ</c> clipped to [1e-7, 1 − 1e-7] (float32: 1e-7f and 0.99999988f); with class ids y,
/// <c>Lᵢ = −log ŷ[i, yᵢ]</c>; with one-hot rows, <c>Lᵢ = −log Σⱼ ŷᵢⱼ·yᵢⱼ</c>.</para>
/// <para>Backward: <c>dinputs = −y / ŷ / N</c> with class ids turned into one-hot rows, and no clipping.</para>
/// </remarks>
public sealed class CategoricalCrossEntropy : Loss, IDescribable
{
    /// <summary>The lower clipping bound, <c>(float)1e-7</c>.</summary>
    public const float ClipLow = 1e-7f;

    /// <summary>The upper clipping bound, <c>(float)(1 − 1e-7)</c> = 0.99999988079071044921875.</summary>
    public const float ClipHigh = (float)(1 - 1e-7);

    private float[] _row = [];

    /// <summary>Computes <c>Lᵢ = −log(clip(ŷ)[i, yᵢ])</c> for every sample.</summary>
    /// <exception cref="ArgumentException">Empty batch, wrong target count or shape, a label out of range, or a
    /// non-finite prediction.</exception>
    public override void Forward(Matrix yPred, Targets yTrue)
    {
        CheckPredictions(yPred, yTrue);
        var losses = PrepareSampleLosses(yPred.Rows);
        if (yTrue.Classes is { } labels)
        {
            CheckLabels(labels, yPred);
            var p = yPred.Span;
            int columns = yPred.Columns;
            for (int i = 0; i < labels.Length; i++) losses[i] = Math.Clamp(p[i * columns + labels[i]], ClipLow, ClipHigh);
        }
        else
            OneHotProbabilities(yPred, yTrue, losses);
        ElementMath.Log(losses, losses);
        ElementMath.Negate(losses);
    }

    // Σⱼ clip(ŷᵢⱼ)·yᵢⱼ per row; its own method, so that a run with class ids never compiles it (start-up time).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OneHotProbabilities(Matrix yPred, Targets yTrue, Span<float> losses)
    {
        var oneHot = TargetMatrix(yPred, yTrue);
        if (_row.Length < yPred.Columns) _row = new float[yPred.Columns];
        var row = _row.AsSpan(0, yPred.Columns);
        for (int i = 0; i < yPred.Rows; i++)
        {
            TensorPrimitives.Clamp(yPred.Row(i), ClipLow, ClipHigh, row);
            TensorPrimitives.Multiply(row, oneHot.Row(i), row);
            losses[i] = ElementMath.RowSum(row);
        }
    }

    /// <summary><c>dinputs = −y / dvalues / N</c>.</summary>
    /// <exception cref="ArgumentException">Empty batch, wrong target count or shape, a label out of range, or a
    /// non-finite value.</exception>
    public override void Backward(Matrix dvalues, Targets yTrue)
    {
        CheckPredictions(dvalues, yTrue);
        int samples = dvalues.Rows, labels = dvalues.Columns;
        float n = samples;
        var dinputs = PrepareDInputs(samples, labels);
        if (yTrue.Classes is { } classes)
        {
            CheckLabels(classes, dvalues);
            for (int i = 0; i < samples; i++)
            {
                var d = dvalues.Row(i);
                var dx = dinputs.Row(i);
                for (int j = 0; j < labels; j++) dx[j] = -(j == classes[i] ? 1f : 0f) / d[j] / n;
            }
        }
        else
        {
            var y = TargetMatrix(dvalues, yTrue).Span;
            var d = dvalues.Span;
            var dx = dinputs.Span;
            for (int i = 0; i < dx.Length; i++) dx[i] = -y[i] / d[i] / n;
        }
    }

    /// <summary>The kind <c>categorical_cross_entropy</c>, without settings.</summary>
    public Description Describe() => new("categorical_cross_entropy");
}
