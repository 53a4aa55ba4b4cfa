using System.Numerics;
using Nnfs.Descriptions;
using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Metrics;

/// <summary>Accuracy for regression (the book's <c>Accuracy_Regression</c>): a prediction is correct when it is within
/// <see cref="Precision"/> of the target.</summary>
/// <remarks>
/// <para><see cref="Init"/> sets <c>precision = std(y) / 250</c> (population standard deviation) the first time, or
/// again when <c>reinit</c> is true. As NumPy does on float32 data, the standard deviation is computed in float32
/// (pairwise sums, mean, squared deviations, sqrt) and the division by 250 in double.</para>
/// <para>Compare: <c>|ŷ − y| &lt; precision</c> element by element, in float32 (NumPy 1.x rounds the double precision to
/// float32 when it meets a float32 array).</para>
/// <para>On the exact path, float64 targets (<see cref="Matrix.IsFloat64"/>, e.g. the sine data) are handled as NumPy
/// handles them: standard deviation and comparison in double.</para>
/// </remarks>
public sealed class RegressionAccuracy : Accuracy, IDescribable
{
    /// <summary>The tolerance, <c>std(y)/250</c>; null until <see cref="Init"/>.</summary>
    public double? Precision { get; internal set; }

    /// <summary>Sets <see cref="Precision"/> from the targets, unless already set and <paramref name="reinit"/> is false.</summary>
    /// <exception cref="ArgumentException">The targets are class ids, empty, or not finite.</exception>
    public override void Init(Targets y, bool reinit = false)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (Precision is not null && !reinit) return;
        var values = y.Values ?? throw new ArgumentException($"{Name}: regression targets must be a matrix, got class ids.");
        if (values.Length == 0) throw new ArgumentException($"{Name}: the targets are empty.");
        Precision = values.IsFloat64 && Engine.Path == NumericPath.Exact
            ? StandardDeviation(values.Float64) / 250.0
            : StandardDeviation(values.Span) / 250.0;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException"><see cref="Init"/> was not called.</exception>
    protected override (long Correct, long Compared) Compare(Matrix predictions, Targets y)
    {
        float precision = (float)(Precision ?? throw new InvalidOperationException($"{Name}: call Init(y) before Calculate (the precision is std(y)/250)."));
        var values = y.Values ?? throw new ArgumentException($"{Name}: regression targets must be a matrix, got class ids.");
        RequireSameShape(predictions, values);
        if (values.IsFloat64 && Engine.Path == NumericPath.Exact)
        {
            // np.absolute(predictions - y) < precision with float64 targets: in double, against the float64 precision.
            var wide = values.Float64;
            var narrow = predictions.Span;
            long matches = 0;
            for (int i = 0; i < narrow.Length; i++)
                if (Math.Abs((predictions.IsFloat64 ? predictions.Float64[i] : narrow[i]) - wide[i]) < Precision.Value) matches++;
            return (matches, narrow.Length);
        }
        var p = predictions.Span;
        var t = values.Span;
        long correct = 0;
        for (int i = 0; i < p.Length; i++)
            if (Math.Abs(p[i] - t[i]) < precision) correct++;
        return (correct, p.Length);
    }

    /// <summary>The kind <c>regression</c> with <c>precision</c> (null before the first <see cref="Init"/>).</summary>
    public Description Describe() => new Description("regression").With("precision", Precision);

    // np.std of a float32 or float64 array, in that precision: mean, squared deviations, NumPy's pairwise sum, / n, sqrt.
    private static T StandardDeviation<T>(ReadOnlySpan<T> values) where T : IBinaryFloatingPointIeee754<T>
    {
        T n = T.CreateChecked(values.Length);
        T mean = (T.Zero + NumPySum.Pairwise(values)) / n;
        var squares = new T[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            T d = values[i] - mean;
            squares[i] = d * d;
        }
        return T.Sqrt((T.Zero + NumPySum.Pairwise<T>(squares)) / n);
    }
}
