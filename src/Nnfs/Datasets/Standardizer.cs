using Nnfs.Tensors;

namespace Nnfs.Datasets;

/// <summary>
/// Feature standardization: learns each column's mean and standard deviation on the training data and maps every
/// set to zero mean and unit variance with those same numbers (the book's chapter 22 advice to preprocess new data
/// exactly like the training data).
/// </summary>
/// <remarks>
/// <c>mean_j = Σᵢ x_ij / n</c>, <c>std_j = sqrt(Σᵢ (x_ij − mean_j)² / n)</c> (population std, NumPy's default
/// <c>ddof=0</c>), accumulated in double and stored as float32; a column with <c>std_j = 0</c> uses 1 instead, so it
/// becomes all zeros rather than NaN. Transform: <c>x'_ij = (x_ij − mean_j) / std_j</c> in float32.
/// </remarks>
public sealed class Standardizer
{
    private Standardizer(float[] mean, float[] std)
    {
        _mean = mean;
        _std = std;
    }

    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>Per-column means.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>Per-column standard deviations (1 where the data were constant).</summary>
    public IReadOnlyList<float> Std => _std;

    /// <summary>Learns the column statistics of <paramref name="train"/>.</summary>
    /// <exception cref="ArgumentException">The matrix has no rows.</exception>
    public static Standardizer Fit(Matrix train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Rows == 0) throw new ArgumentException("cannot fit a standardizer on 0 rows.", nameof(train));
        int cols = train.Columns;
        var sum = new double[cols];
        for (int r = 0; r < train.Rows; r++)
        {
            var row = train.Row(r);
            for (int c = 0; c < cols; c++) sum[c] += row[c];
        }
        var mean = new double[cols];
        for (int c = 0; c < cols; c++) mean[c] = sum[c] / train.Rows;
        var sq = new double[cols];
        for (int r = 0; r < train.Rows; r++)
        {
            var row = train.Row(r);
            for (int c = 0; c < cols; c++)
            {
                double d = row[c] - mean[c];
                sq[c] += d * d;
            }
        }
        var m = new float[cols];
        var s = new float[cols];
        for (int c = 0; c < cols; c++)
        {
            m[c] = (float)mean[c];
            float std = (float)Math.Sqrt(sq[c] / train.Rows);
            s[c] = std > 0 ? std : 1f;
        }
        return new Standardizer(m, s);
    }

    /// <summary>Returns a standardized copy of <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException">The column count differs from the fitted data.</exception>
    public Matrix Transform(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = x.Clone();
        TransformInPlace(result);
        return result;
    }

    /// <summary>Standardizes <paramref name="x"/> in place.</summary>
    /// <exception cref="ArgumentException">The column count differs from the fitted data.</exception>
    public void TransformInPlace(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Columns != Mean.Count)
            throw new ArgumentException($"the standardizer was fitted on {Mean.Count} columns but the data {x.Shape} has {x.Columns}.", nameof(x));
        for (int r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            for (int c = 0; c < row.Length; c++) row[c] = (row[c] - _mean[c]) / _std[c];
        }
    }

    /// <summary>Maps standardized values back: <c>x = x' · std + mean</c>, in place.</summary>
    public void InverseTransformInPlace(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Columns != Mean.Count)
            throw new ArgumentException($"the standardizer was fitted on {Mean.Count} columns but the data {x.Shape} has {x.Columns}.", nameof(x));
        for (int r = 0; r < x.Rows; r++)
        {
            var row = x.Row(r);
            for (int c = 0; c < row.Length; c++) row[c] = row[c] * _std[c] + _mean[c];
        }
    }

    /// <summary>Creates a standardizer from known statistics (e.g. saved with a model).</summary>
    /// <exception cref="ArgumentException">Lengths differ or a std is not positive.</exception>
    public static Standardizer FromStatistics(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != std.Count) throw new ArgumentException($"{mean.Count} means but {std.Count} standard deviations.");
        for (int i = 0; i < std.Count; i++)
            if (!(std[i] > 0)) throw new ArgumentException($"std[{i}] = {std[i]} must be positive.", nameof(std));
        return new Standardizer([.. mean], [.. std]);
    }
}
