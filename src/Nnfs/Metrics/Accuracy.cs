using Nnfs.Tensors;

namespace Nnfs.Metrics;

/// <summary>The base of the accuracy metrics (the book's <c>Accuracy</c>): the fraction of correct predictions, per
/// batch and accumulated over an epoch.</summary>
/// <remarks>
/// <see cref="Calculate"/> returns <c>mean(comparisons)</c> = correct / compared (exact in double, as NumPy's mean
/// of a boolean array) and adds both counts to the running totals; <see cref="CalculateAccumulated"/> returns
/// their ratio.
/// </remarks>
public abstract class Accuracy
{
    /// <summary>Correct predictions since the last <see cref="NewPass"/> (the book's <c>accumulated_sum</c>).</summary>
    public long AccumulatedCorrect { get; private set; }

    /// <summary>Comparisons since the last <see cref="NewPass"/> (the book's <c>accumulated_count</c>).</summary>
    public long AccumulatedCount { get; private set; }

    /// <summary>The metric's name used in error messages (the class name), read once.</summary>
    /// <remarks>Cached because every step passes it to its checks, and under Native AOT <c>Type.Name</c>
    /// builds a new string on each call (the JIT runtime caches it).</remarks>
    protected string Name => _name ??= GetType().Name;

    private string? _name;

    /// <summary>Prepares the metric for targets <paramref name="y"/> (nothing by default). Called by the model before
    /// training and evaluation.</summary>
    /// <param name="y">The targets of the data set.</param>
    /// <param name="reinit">Recompute state even if it was computed before.</param>
    public virtual void Init(Targets y, bool reinit = false)
    {
    }

    /// <summary>The fraction of correct predictions in this batch; also accumulated.</summary>
    /// <exception cref="ArgumentException">Empty batch, or predictions and targets that do not match.</exception>
    public double Calculate(Matrix predictions, Targets y)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(y);
        y.RequireCount(predictions, Name);
        var (correct, compared) = Compare(predictions, y);
        AccumulatedCorrect += correct;
        AccumulatedCount += compared;
        return (double)correct / compared;
    }

    /// <summary>The fraction of correct predictions since the last <see cref="NewPass"/>.</summary>
    /// <exception cref="InvalidOperationException">Nothing was accumulated.</exception>
    public double CalculateAccumulated()
    {
        if (AccumulatedCount == 0) throw new InvalidOperationException($"{Name}: no accuracy accumulated since the last NewPass.");
        return (double)AccumulatedCorrect / AccumulatedCount;
    }

    /// <summary>Resets the running totals (the book's <c>new_pass</c>).</summary>
    public void NewPass()
    {
        AccumulatedCorrect = 0;
        AccumulatedCount = 0;
    }

    /// <summary>Counts the correct predictions (the book's <c>compare</c>, summed).</summary>
    /// <returns>The number of correct comparisons and the number of comparisons (&gt; 0).</returns>
    protected abstract (long Correct, long Compared) Compare(Matrix predictions, Targets y);

    /// <summary>Throws unless <paramref name="predictions"/> and <paramref name="values"/> have the same shape.</summary>
    protected void RequireSameShape(Matrix predictions, Matrix values)
    {
        if (predictions.Rows != values.Rows || predictions.Columns != values.Columns)
            throw new ArgumentException($"{Name}: predictions {predictions.Shape} and targets {values.Shape} must have the same shape.");
    }
}
