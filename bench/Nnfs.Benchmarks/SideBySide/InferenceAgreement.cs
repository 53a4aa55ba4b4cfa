using System.Globalization;

namespace Nnfs.Benchmarks.SideBySide;

/// <summary>
/// Whether two engines give the same predictions for the same rows, accumulated over batches: the check the
/// inference side by side makes before it times anything.
/// </summary>
/// <remarks>
/// Two outputs agree when every probability differs by at most <see cref="Tolerance"/> (absolute) and every row's
/// arg-max is the same — or, where the arg-maxes differ, ours gives the other engine's class a probability within the
/// tolerance of our largest (a tie within rounding, which either engine may break either way). A NaN or infinity in
/// either output is a disagreement.
/// </remarks>
/// <param name="tolerance">The largest absolute difference of a probability that still agrees (default
/// <see cref="DefaultTolerance"/>).</param>
internal sealed class InferenceAgreement(float tolerance = InferenceAgreement.DefaultTolerance)
{
    /// <summary>The default tolerance: what the ONNX exporter's own tests allow between ONNX Runtime and <c>Model.Predict</c>.</summary>
    public const float DefaultTolerance = 1e-5f;

    /// <summary>The tolerance in use.</summary>
    public float Tolerance { get; } = tolerance;

    /// <summary>Rows compared so far.</summary>
    public int Rows { get; private set; }

    /// <summary>The largest absolute difference of a probability seen so far.</summary>
    public double MaxAbsDifference { get; private set; }

    /// <summary>Rows whose arg-max differs beyond a tie within the tolerance.</summary>
    public int ArgMaxMismatches { get; private set; }

    /// <summary>Values that are NaN or infinite in either output.</summary>
    public int NonFinite { get; private set; }

    /// <summary>The first row (counted over every <see cref="Add"/>) that disagrees, or null.</summary>
    public int? FirstDisagreement { get; private set; }

    /// <summary>True when at least one row was compared and every one agrees.</summary>
    public bool Agrees => Rows > 0 && NonFinite == 0 && ArgMaxMismatches == 0 && MaxAbsDifference <= Tolerance;

    /// <summary>Compares one batch: <paramref name="ours"/> and <paramref name="theirs"/> hold the same rows of
    /// <paramref name="classes"/> probabilities each.</summary>
    /// <exception cref="ArgumentException">The two have different lengths, or a length that is not a whole number of rows.</exception>
    public void Add(ReadOnlySpan<float> ours, ReadOnlySpan<float> theirs, int classes)
    {
        if (classes < 1 || ours.Length != theirs.Length || ours.Length % classes != 0)
            throw new ArgumentException(
                $"cannot compare outputs of {ours.Length} and {theirs.Length} values as rows of {classes} classes.");
        int rows = ours.Length / classes;
        for (int r = 0; r < rows; r++)
        {
            var a = ours.Slice(r * classes, classes);
            var b = theirs.Slice(r * classes, classes);
            bool bad = false;
            for (int c = 0; c < classes; c++)
            {
                if (!float.IsFinite(a[c]) || !float.IsFinite(b[c]))
                {
                    NonFinite++;
                    bad = true;
                    continue;
                }
                double d = Math.Abs((double)a[c] - b[c]);
                if (d > MaxAbsDifference) MaxAbsDifference = d;
                if (d > Tolerance) bad = true;
            }
            int mine = ArgMax(a), other = ArgMax(b);
            if (mine != other && !(a[other] >= a[mine] - Tolerance))
            {
                ArgMaxMismatches++;
                bad = true;
            }
            if (bad) FirstDisagreement ??= Rows + r;
        }
        Rows += rows;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++)
            if (row[i] > row[best]) best = i;
        return best;
    }

    /// <summary>One line for the report, e.g. "10,000 rows: arg-max equal, largest probability difference 2.4e-07 (tolerance 1e-05)".</summary>
    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        string head = string.Create(inv, $"{Rows:N0} rows: ");
        if (Rows == 0) return head + "nothing compared";
        string diff = string.Create(inv, $"largest probability difference {MaxAbsDifference:0.0e+00} (tolerance {Tolerance:0.0e+00})");
        if (Agrees) return head + "arg-max equal, " + diff;
        var parts = new List<string>();
        if (ArgMaxMismatches > 0) parts.Add(string.Create(inv, $"arg-max differs in {ArgMaxMismatches:N0}"));
        if (NonFinite > 0) parts.Add(string.Create(inv, $"{NonFinite:N0} values not finite"));
        parts.Add(diff);
        return head + string.Join(", ", parts) + string.Create(inv, $"; first disagreeing row {FirstDisagreement}");
    }
}
