using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Losses;

/// <summary>The binary cross-entropy for sigmoid outputs (the book's <c>Loss_BinaryCrossentropy</c>).</summary>
/// <remarks>
/// <para>Forward: p = clip(ŷ, 1e-7, 1 − 1e-7); per output <c>−(y·log p + (1 − y)·log(1 − p))</c>; each sample's loss is
/// the mean over its outputs.</para>
/// <para>Backward: p = clip(dvalues); <c>dinputs = −(y/p − (1 − y)/(1 − p)) / outputs / N</c>.</para>
/// <para>Targets: a matrix of the predictions' shape, or class ids 0/1 when there is one output.</para>
/// </remarks>
public sealed class BinaryCrossEntropy : Loss, IDescribable
{
    private float[] _logP = [];
    private float[] _log1MinusP = [];

    /// <summary>Computes the per-sample binary cross-entropy.</summary>
    /// <exception cref="ArgumentException">Empty batch, wrong target count or shape, or a non-finite value.</exception>
    public override void Forward(Matrix yPred, Targets yTrue)
    {
        CheckPredictions(yPred, yTrue);
        var y = TargetMatrix(yPred, yTrue);
        int outputs = yPred.Columns;
        if (_logP.Length < outputs)
        {
            _logP = new float[outputs];
            _log1MinusP = new float[outputs];
        }
        var logP = _logP.AsSpan(0, outputs);
        var log1MinusP = _log1MinusP.AsSpan(0, outputs);
        var losses = PrepareSampleLosses(yPred.Rows);
        for (int i = 0; i < yPred.Rows; i++)
        {
            var p = yPred.Row(i);
            for (int j = 0; j < outputs; j++)
            {
                float clipped = Math.Clamp(p[j], CategoricalCrossEntropy.ClipLow, CategoricalCrossEntropy.ClipHigh);
                logP[j] = clipped;
                log1MinusP[j] = 1f - clipped;
            }
            ElementMath.Log(logP, logP);
            ElementMath.Log(log1MinusP, log1MinusP);
            var t = y.Row(i);
            for (int j = 0; j < outputs; j++) logP[j] = -(t[j] * logP[j] + (1f - t[j]) * log1MinusP[j]);
            losses[i] = ElementMath.RowSum(logP) / outputs;
        }
    }

    /// <summary><c>dinputs = −(y/p − (1 − y)/(1 − p)) / outputs / N</c> with p the clipped <paramref name="dvalues"/>.</summary>
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
            float p = Math.Clamp(d[i], CategoricalCrossEntropy.ClipLow, CategoricalCrossEntropy.ClipHigh);
            dx[i] = -(y[i] / p - (1f - y[i]) / (1f - p)) / outputs / samples;
        }
    }

    /// <summary>The kind <c>binary_cross_entropy</c>, without settings.</summary>
    public Description Describe() => new("binary_cross_entropy");
}
