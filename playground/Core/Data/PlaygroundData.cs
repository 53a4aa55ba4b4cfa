using Nnfs.Tensors;

namespace Nnfs.Playground.Data;

/// <summary>A generated data set: inputs, and class labels or target values, with the box the inputs lie in.</summary>
/// <remarks>The box (<see cref="MinX"/> … <see cref="MaxY"/>) is the inputs' range widened by 10 % on each side (for the
/// sine, <see cref="MinY"/>/<see cref="MaxY"/> span the targets): the area the plots show.</remarks>
public sealed class PlaygroundData
{
    private PlaygroundData(Matrix x, int[]? labels, Matrix? values, int classes)
    {
        X = x;
        Labels = labels;
        Values = values;
        Classes = classes;
        var (minX, maxX) = Range(x, 0);
        var (minY, maxY) = x.Columns > 1 ? Range(x, 1) : Range(values!, 0);
        (MinX, MaxX) = Widen(minX, maxX);
        (MinY, MaxY) = Widen(minY, maxY);
    }

    /// <summary>A classification data set: 2 features per row, a label in [0, <paramref name="classes"/>) per row.</summary>
    /// <exception cref="ArgumentException">The shapes or labels do not fit; the message says which.</exception>
    public static PlaygroundData Classification(Matrix x, int[] labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        if (x.Columns != 2 || x.Rows == 0) throw new ArgumentException($"Classification data needs N × 2 inputs, got {x.Shape}.", nameof(x));
        if (labels.Length != x.Rows) throw new ArgumentException($"{labels.Length} labels for {x.Rows} rows.", nameof(labels));
        if (labels.Any(l => l < 0 || l >= classes)) throw new ArgumentException($"A label is outside [0, {classes}).", nameof(labels));
        return new PlaygroundData(x, labels, null, classes);
    }

    /// <summary>A regression data set: 1 feature and 1 target per row.</summary>
    /// <exception cref="ArgumentException">The shapes do not fit; the message says which.</exception>
    public static PlaygroundData Regression(Matrix x, Matrix y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Columns != 1 || y.Columns != 1 || x.Rows != y.Rows || x.Rows == 0)
            throw new ArgumentException($"Regression data needs N × 1 inputs and targets, got {x.Shape} and {y.Shape}.", nameof(x));
        return new PlaygroundData(x, null, y, 0);
    }

    /// <summary>The inputs, one row per sample (2 columns for classification, 1 for regression).</summary>
    public Matrix X { get; }

    /// <summary>The class of each row (classification), or null.</summary>
    public int[]? Labels { get; }

    /// <summary>The target of each row, N × 1 (regression), or null.</summary>
    public Matrix? Values { get; }

    /// <summary>The number of classes; 0 for regression.</summary>
    public int Classes { get; }

    /// <summary>Whether the targets are values rather than classes.</summary>
    public bool IsRegression => Values is not null;

    /// <summary>The number of rows.</summary>
    public int Count => X.Rows;

    /// <summary>Left edge of the plotted area.</summary>
    public float MinX { get; }

    /// <summary>Right edge of the plotted area.</summary>
    public float MaxX { get; }

    /// <summary>Bottom edge of the plotted area.</summary>
    public float MinY { get; }

    /// <summary>Top edge of the plotted area.</summary>
    public float MaxY { get; }

    /// <summary>The targets for a network whose output is one sigmoid (<paramref name="binaryColumn"/>: a column of 0/1),
    /// or the class ids / values otherwise.</summary>
    public Targets Targets(bool binaryColumn)
    {
        if (Values is not null) return Values;
        if (!binaryColumn) return Labels!;
        var column = new Matrix(Labels!.Length, 1);
        for (int i = 0; i < Labels.Length; i++) column[i, 0] = Labels[i];
        return column;
    }

    /// <summary>The points as x, y pairs and a class (0 for regression) per point, for the page's plot: 3 floats a row.</summary>
    public float[] PlotPoints()
    {
        var points = new float[Count * 3];
        for (int i = 0; i < Count; i++)
        {
            points[3 * i] = X[i, 0];
            points[3 * i + 1] = X.Columns > 1 ? X[i, 1] : Values![i, 0];
            points[3 * i + 2] = Labels?[i] ?? 0;
        }
        return points;
    }

    private static (float Min, float Max) Range(Matrix m, int column)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (int i = 0; i < m.Rows; i++)
        {
            min = MathF.Min(min, m[i, column]);
            max = MathF.Max(max, m[i, column]);
        }
        return (min, max);
    }

    private static (float Min, float Max) Widen(float min, float max)
    {
        float margin = MathF.Max((max - min) * 0.1f, 0.05f);
        return (min - margin, max + margin);
    }
}
