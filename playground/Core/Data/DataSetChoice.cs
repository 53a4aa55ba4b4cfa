using System.Globalization;
using Nnfs.Datasets;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Playground.Data;

/// <summary>Which of the book's data sets to train on, and its size.</summary>
/// <remarks>
/// <para>The points are the library's (<see cref="SyntheticData"/>), drawn from the session's generator, so with
/// <see cref="Noise"/> 0 they are the book's exactly. <see cref="Noise"/> adds Gaussian noise of that standard deviation
/// on top: to both coordinates of a classification point, to the target of a sine point; it is drawn after the data,
/// from the same generator.</para>
/// <para>Limits (kept small so that the browser stays responsive): 1 to <see cref="MaxSamples"/> samples per class, 2
/// to <see cref="MaxClasses"/> classes (the sine ignores <see cref="Classes"/>), at most <see cref="MaxRows"/> rows in
/// all, noise in [0, <see cref="MaxNoise"/>].</para>
/// </remarks>
/// <param name="Kind">The data set. Default <see cref="DataSetKind.Spiral"/>.</param>
/// <param name="Samples">Points per class (the sine: points in all). Default 100, the book's.</param>
/// <param name="Classes">Number of classes (classification only). Default 3, the book's.</param>
/// <param name="Noise">Standard deviation of the extra Gaussian noise. Default 0 (the book's data).</param>
public sealed record DataSetChoice(DataSetKind Kind = DataSetKind.Spiral, int Samples = 100, int Classes = 3, double Noise = 0)
{
    /// <summary>The largest <see cref="Samples"/>: 5,000.</summary>
    public const int MaxSamples = 5000;

    /// <summary>The largest <see cref="Classes"/>: 7, the colours of the class palette.</summary>
    public const int MaxClasses = 7;

    /// <summary>The most rows a data set may have: 10,000.</summary>
    public const int MaxRows = 10000;

    /// <summary>The largest <see cref="Noise"/>: 1.</summary>
    public const double MaxNoise = 1;

    /// <summary>Whether the data set is a regression one (the sine).</summary>
    public bool IsRegression => Kind == DataSetKind.Sine;

    /// <summary>The number of classes the data has: <see cref="Classes"/>, or 0 for the sine.</summary>
    public int ClassCount => IsRegression ? 0 : Classes;

    /// <summary>What is wrong with the choice, one sentence per problem; empty when it can be generated.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Kind)) problems.Add($"Unknown data set {(int)Kind}.");
        if (Samples < 1 || Samples > MaxSamples)
            problems.Add($"Samples must be between 1 and {MaxSamples}, got {Samples}.");
        if (!IsRegression && (Classes < 2 || Classes > MaxClasses))
            problems.Add($"Classes must be between 2 and {MaxClasses}, got {Classes}.");
        if (problems.Count == 0 && (long)Samples * Math.Max(ClassCount, 1) > MaxRows)
            problems.Add($"Samples × classes = {Samples * Classes} rows is more than the {MaxRows} allowed.");
        if (!(Noise >= 0 && Noise <= MaxNoise))
            problems.Add($"Noise must be between 0 and {MaxNoise.ToString(CultureInfo.InvariantCulture)}, got {Noise.ToString(CultureInfo.InvariantCulture)}.");
        return problems;
    }

    /// <summary>Generates the data from <paramref name="random"/> (the sine draws nothing unless <see cref="Noise"/> is set).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentException">The choice has a problem (<see cref="Problems"/>); the message gives it.</exception>
    public PlaygroundData Generate(RandomState random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Problems() is [var problem, ..]) throw new ArgumentException($"Data set: {problem}");
        if (IsRegression)
        {
            var (x, y) = SyntheticData.Sine(Samples);
            if (Noise > 0) y = WithNoise(y, random);
            return PlaygroundData.Regression(x, y);
        }
        var (points, labels) = Kind == DataSetKind.Spiral
            ? SyntheticData.Spiral(Samples, Classes, random)
            : SyntheticData.Vertical(Samples, Classes, random);
        if (Noise > 0) AddNoise(points.Span, random);
        return PlaygroundData.Classification(points, labels, Classes);
    }

    private void AddNoise(Span<float> values, RandomState random)
    {
        var noise = new float[values.Length];
        random.Randn(noise);
        for (int i = 0; i < values.Length; i++) values[i] += (float)(noise[i] * Noise);
    }

    private Matrix WithNoise(Matrix y, RandomState random)
    {
        var values = new double[y.Rows];
        var noise = new float[y.Rows];
        random.Randn(noise);
        for (int i = 0; i < values.Length; i++) values[i] = y.Float64[i] + noise[i] * Noise;
        return Matrix.FromFloat64(y.Rows, 1, values);
    }
}
