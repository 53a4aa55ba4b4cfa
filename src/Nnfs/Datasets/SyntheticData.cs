using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Datasets;

/// <summary>
/// The book's toy datasets from the <c>nnfs</c> package (v0.5.1): <c>spiral_data</c>, <c>vertical_data</c> and
/// <c>sine_data</c>, identical byte for byte to what the package returns after <c>nnfs.init()</c>.
/// </summary>
/// <remarks>
/// Rows are grouped by class: rows <c>[c·samples, (c+1)·samples)</c> have label c. The random datasets draw from
/// <see cref="RandomState.Global"/> unless given a generator, so after <see cref="Engine.Init"/> they continue the
/// same stream as the book (the next <c>0.01·randn</c> weights follow). Python's labels are <c>uint8</c>; here they
/// are <c>int</c>.
/// </remarks>
public static class SyntheticData
{
    /// <summary>
    /// The book's spiral dataset (<c>nnfs.datasets.spiral_data</c>, from CS231n): <paramref name="classes"/> arms of
    /// <paramref name="samples"/> points each.
    /// </summary>
    /// <remarks>
    /// For each class c in order: <c>r = linspace(0, 1, samples)</c>,
    /// <c>t = linspace(4c, 4(c+1), samples) + noise</c> with <c>noise = float32(randn) · 0.2f</c> (one
    /// <see cref="RandomState.Randn"/> of <c>samples</c> values per class, product in float32, widened to double),
    /// and the row <c>(r·sin(2.5t), r·cos(2.5t))</c> computed in double and rounded to float32. <c>linspace</c> is
    /// NumPy's: <c>i·step + start</c> with <c>step = (stop − start)/(num − 1)</c> and the last value exactly
    /// <c>stop</c>. The first row of each class is (±0, ±0) with the sign of sin/cos (class 1 starts at (−0, −0)).
    /// </remarks>
    /// <param name="samples">Points per class, at least 1.</param>
    /// <param name="classes">Number of classes, at least 1.</param>
    /// <param name="random">The generator; null uses <see cref="RandomState.Global"/>.</param>
    /// <returns><c>X</c>: (samples·classes) × 2; <c>Y</c>: the class of each row.</returns>
    public static (Matrix X, int[] Y) Spiral(int samples, int classes, RandomState? random = null)
    {
        CheckCounts(samples, classes);
        random ??= RandomState.Global;
        var x = new Matrix(samples * classes, 2);
        var y = new int[samples * classes];
        var noise = new float[samples];
        for (int c = 0; c < classes; c++)
        {
            random.Randn(noise);
            for (int i = 0; i < samples; i++)
            {
                double r = Linspace(0.0, 1.0, samples, i);
                float n = noise[i] * 0.2f;
                double t = Linspace(c * 4, (c + 1) * 4, samples, i) + n;
                int row = c * samples + i;
                x[row, 0] = (float)(r * Math.Sin(t * 2.5));
                x[row, 1] = (float)(r * Math.Cos(t * 2.5));
                y[row] = c;
            }
        }
        return (x, y);
    }

    /// <summary>
    /// The book's vertical dataset (<c>nnfs.datasets.vertical_data</c>): <paramref name="classes"/> Gaussian blobs
    /// side by side, <paramref name="samples"/> points each.
    /// </summary>
    /// <remarks>
    /// For each class c in order: first <c>a = randn(samples)</c>, then <c>b = randn(samples)</c> (float32), and the
    /// row <c>(a·0.1f + float32(c/3), b·0.1f + 0.5f)</c>, all in float32 as NumPy does for a float32 array with
    /// Python scalars.
    /// </remarks>
    /// <param name="samples">Points per class, at least 1.</param>
    /// <param name="classes">Number of classes, at least 1.</param>
    /// <param name="random">The generator; null uses <see cref="RandomState.Global"/>.</param>
    /// <returns><c>X</c>: (samples·classes) × 2; <c>Y</c>: the class of each row.</returns>
    public static (Matrix X, int[] Y) Vertical(int samples, int classes, RandomState? random = null)
    {
        CheckCounts(samples, classes);
        random ??= RandomState.Global;
        var x = new Matrix(samples * classes, 2);
        var y = new int[samples * classes];
        var a = new float[samples];
        var b = new float[samples];
        for (int c = 0; c < classes; c++)
        {
            random.Randn(a);
            random.Randn(b);
            float offset = (float)(c / 3.0);
            for (int i = 0; i < samples; i++)
            {
                int row = c * samples + i;
                x[row, 0] = a[i] * 0.1f + offset;
                x[row, 1] = b[i] * 0.1f + 0.5f;
                y[row] = c;
            }
        }
        return (x, y);
    }

    /// <summary>
    /// The book's regression dataset (<c>nnfs.datasets.sine_data</c>): <c>x = i / samples</c> and
    /// <c>y = sin(2π·x)</c> for i = 0 … samples−1. No randomness.
    /// </summary>
    /// <remarks>
    /// The package returns float64 arrays, so both matrices are float64 (<see cref="Matrix.IsFloat64"/>): each value
    /// computed in double exactly as NumPy does (<c>(2π)·x</c>, then <c>sin</c>), with its float32 rounding in
    /// <see cref="Matrix.Span"/>. The exact path computes with the float64 values where the book does (the first
    /// layer's products, the loss, the regression accuracy; docs/numerics.md, "float64 arrays"); the fast path uses
    /// the float32 ones.
    /// </remarks>
    /// <param name="samples">Number of points, at least 1. Default 1000 (the v0.5.1 default).</param>
    /// <returns><c>X</c> and <c>Y</c>, both samples × 1.</returns>
    public static (Matrix X, Matrix Y) Sine(int samples = 1000)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "sine data needs samples >= 1.");
        var x = new double[samples];
        var y = new double[samples];
        const double TwoPi = 2 * Math.PI;
        for (int i = 0; i < samples; i++)
        {
            x[i] = (double)i / samples;
            y[i] = Math.Sin(TwoPi * x[i]);
        }
        return (Matrix.FromFloat64(samples, 1, x), Matrix.FromFloat64(samples, 1, y));
    }

    private static double Linspace(double start, double stop, int num, int i)
    {
        if (num > 1 && i == num - 1) return stop;
        double step = num > 1 ? (stop - start) / (num - 1) : stop - start;
        return i * step + start;
    }

    private static void CheckCounts(int samples, int classes)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "samples (points per class) must be >= 1.");
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "classes must be >= 1.");
        if ((long)samples * classes * 2 > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(samples), $"samples × classes = {(long)samples * classes} rows of 2 values is too many for a matrix.");
    }
}
