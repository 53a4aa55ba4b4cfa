using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Datasets;

/// <summary>
/// A seeded split of samples into training and validation sets (the book's chapter 12 advice to hold out part of the
/// training data when there is no separate validation set).
/// </summary>
/// <param name="TrainX">Training inputs.</param>
/// <param name="TrainY">Training targets.</param>
/// <param name="ValidationX">Validation inputs.</param>
/// <param name="ValidationY">Validation targets.</param>
/// <param name="TrainIndices">For each training row, its row in the original data.</param>
/// <param name="ValidationIndices">For each validation row, its row in the original data.</param>
public sealed record TrainValidationSplit(
    Matrix TrainX,
    Targets TrainY,
    Matrix ValidationX,
    Targets ValidationY,
    int[] TrainIndices,
    int[] ValidationIndices)
{
    /// <summary>Splits (<paramref name="x"/>, <paramref name="y"/>) at random.</summary>
    /// <remarks>
    /// <c>p = random.permutation(n)</c>; the validation set is the first <c>round(n · validationFraction)</c> rows of
    /// <c>p</c> and the training set the rest, each in permutation order, so the training set comes out shuffled.
    /// </remarks>
    /// <param name="x">Inputs, one row per sample.</param>
    /// <param name="y">Targets, one per sample.</param>
    /// <param name="validationFraction">Fraction held out, in (0, 1). Default 0.2.</param>
    /// <param name="random">Generator; null uses <see cref="RandomState.Global"/>.</param>
    /// <exception cref="ArgumentException">Counts differ or the fraction leaves either part empty.</exception>
    public static TrainValidationSplit Create(Matrix x, Targets y, double validationFraction = 0.2, RandomState? random = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Count != x.Rows)
            throw new ArgumentException($"{x.Rows} samples {x.Shape} but {y.Count} targets.", nameof(y));
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be between 0 and 1 (exclusive)");
        int n = x.Rows;
        int validation = (int)Math.Round(n * validationFraction, MidpointRounding.ToEven);
        if (validation == 0 || validation == n)
            throw new ArgumentException($"a validation fraction of {validationFraction} of {n} samples leaves {validation} for validation and {n - validation} for training; both must be at least 1.", nameof(validationFraction));
        int[] order = (random ?? RandomState.Global).Permutation(n);
        int[] validationIndices = order[..validation];
        int[] trainIndices = order[validation..];
        return new TrainValidationSplit(
            Gather(x, trainIndices), Gather(y, trainIndices),
            Gather(x, validationIndices), Gather(y, validationIndices),
            trainIndices, validationIndices);
    }

    /// <summary>The rows of <paramref name="x"/> at <paramref name="indices"/>, in that order.</summary>
    public static Matrix Gather(Matrix x, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(x);
        var m = new Matrix(indices.Length, x.Columns);
        for (int i = 0; i < indices.Length; i++) x.Row(indices[i]).CopyTo(m.Row(i));
        return m;
    }

    /// <summary>The targets at <paramref name="indices"/>, in that order.</summary>
    public static Targets Gather(Targets y, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(y);
        if (y.Classes is { } classes)
        {
            var picked = new int[indices.Length];
            for (int i = 0; i < picked.Length; i++) picked[i] = classes[indices[i]];
            return picked;
        }
        return Gather(y.Values!, indices);
    }
}
