using System.Globalization;
using System.Text;

namespace Nnfs.Cli.Commands;

/// <summary>Counts of (true class, predicted class) pairs: row = true class, column = predicted class.</summary>
internal sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    /// <summary>Tallies <paramref name="truth"/> against <paramref name="predicted"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ or a class is outside 0 … classes − 1.</exception>
    public ConfusionMatrix(int classes, ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"{truth.Length} true labels but {predicted.Length} predictions");
        Classes = classes;
        _counts = new long[classes, classes];
        for (int i = 0; i < truth.Length; i++)
        {
            int t = truth[i], p = predicted[i];
            if ((uint)t >= (uint)classes || (uint)p >= (uint)classes)
                throw new ArgumentException($"sample {i}: class pair ({t}, {p}) is outside 0 … {classes - 1}");
            _counts[t, p]++;
        }
        Total = truth.Length;
    }

    /// <summary>Number of classes (rows and columns).</summary>
    public int Classes { get; }

    /// <summary>Number of samples tallied.</summary>
    public long Total { get; }

    /// <summary>Samples of true class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted] => _counts[truth, predicted];

    /// <summary>Samples whose true class is <paramref name="truth"/>.</summary>
    public long RowTotal(int truth)
    {
        long sum = 0;
        for (int p = 0; p < Classes; p++) sum += _counts[truth, p];
        return sum;
    }

    /// <summary>Fraction of class <paramref name="truth"/> predicted correctly (recall), 0 when the class is absent.</summary>
    public double Recall(int truth) => RowTotal(truth) is var n && n > 0 ? (double)_counts[truth, truth] / n : 0;

    /// <summary>
    /// A text table: one row per true class with its name, the counts per predicted class and the recall; the column
    /// headers are class ids, listed with their names in the row labels.
    /// </summary>
    public string ToText(IReadOnlyList<string> names)
    {
        if (names.Count != Classes) throw new ArgumentException($"{names.Count} names for {Classes} classes", nameof(names));
        int cell = Math.Max(4, Total.ToString(CultureInfo.InvariantCulture).Length);
        var rowLabels = Enumerable.Range(0, Classes).Select(c => $"{c} {names[c]}").ToArray();
        int label = Math.Max("true \\ predicted".Length, rowLabels.Max(l => l.Length));
        var sb = new StringBuilder();
        sb.Append("true \\ predicted".PadRight(label));
        for (int c = 0; c < Classes; c++) sb.Append(' ').Append(c.ToString(CultureInfo.InvariantCulture).PadLeft(cell));
        sb.Append("  recall").AppendLine();
        for (int t = 0; t < Classes; t++)
        {
            sb.Append(rowLabels[t].PadRight(label));
            for (int p = 0; p < Classes; p++)
                sb.Append(' ').Append(_counts[t, p].ToString(CultureInfo.InvariantCulture).PadLeft(cell));
            sb.Append("  ").Append(Recall(t).ToString("0.000", CultureInfo.InvariantCulture)).AppendLine();
        }
        return sb.ToString();
    }
}
