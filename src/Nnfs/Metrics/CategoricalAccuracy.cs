using System.Runtime.CompilerServices;
using Nnfs.Activations;
using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Metrics;

/// <summary>Accuracy for classification (the book's <c>Accuracy_Categorical</c>).</summary>
/// <remarks>
/// Not binary (default): predictions are class ids, an N×1 matrix (<see cref="Softmax.Predictions"/>); one-hot
/// target rows are first turned into their argmax; a prediction is correct when it equals the class id. Binary:
/// the 0/1 predictions (<see cref="Sigmoid.Predictions"/>) are compared element by element with targets of the same
/// shape (or with class ids for a single output).
/// </remarks>
/// <param name="binary">True for binary (sigmoid) outputs; default false.</param>
public sealed class CategoricalAccuracy(bool binary = false) : Accuracy, IDescribable
{
    /// <summary>True when predictions are compared element by element (binary logistic regression).</summary>
    public bool Binary { get; } = binary;

    /// <inheritdoc />
    protected override (long Correct, long Compared) Compare(Matrix predictions, Targets y)
    {
        if (y.Classes is not { } classes) return CompareWithMatrix(predictions, y.Values!);
        if (predictions.Columns != 1) ThrowNotClassIds(predictions);
        long correct = 0;
        var ids = predictions.Span;
        for (int i = 0; i < classes.Length; i++)
            if (ids[i] == classes[i]) correct++;
        return (correct, classes.Length);
    }

    // The paths for target matrices and the throw live in their own methods, so that a run with class ids never
    // compiles them (start-up time).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNotClassIds(Matrix predictions) =>
        throw new ArgumentException($"{Name}: predictions must be class ids of shape ({predictions.Rows}, 1), got {predictions.Shape}.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private (long Correct, long Compared) CompareWithMatrix(Matrix predictions, Matrix values)
    {
        long correct = 0;
        if (Binary)
        {
            RequireSameShape(predictions, values);
            var p = predictions.Span;
            var t = values.Span;
            for (int i = 0; i < p.Length; i++)
                if (p[i] == t[i]) correct++;
            return (correct, p.Length);
        }
        if (predictions.Columns != 1) ThrowNotClassIds(predictions);
        for (int i = 0; i < values.Rows; i++)
            if (predictions[i, 0] == ElementMath.ArgMax(values.Row(i))) correct++;
        return (correct, values.Rows);
    }

    /// <summary>The kind <c>categorical</c> with <c>binary</c>.</summary>
    public Description Describe() => new Description("categorical").With("binary", Binary);
}
