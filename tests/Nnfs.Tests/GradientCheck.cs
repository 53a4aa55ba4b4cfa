using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Tests;

/// <summary>
/// Centred finite-difference checks of analytic gradients.
/// </summary>
/// <remarks>
/// The scalar objective is evaluated in double from the float32 forward pass (run on the exact path, whose products
/// are accumulated in double). Each perturbed value x ± ε is rounded to float32 and the difference actually applied is
/// used as the denominator, so rounding of the perturbation does not bias the estimate. An element passes when
/// |analytic − numeric| ≤ rtol·|numeric| + atol·max(max|numeric|, 1e-3); a missing factor, a wrong sign or a wrong
/// element fails (see GradientCheckTests).
/// </remarks>
internal static class GradientCheck
{
    public const double DefaultEpsilon = 1e-2;
    public const double DefaultRelativeTolerance = 1e-2;
    public const double DefaultAbsoluteTolerance = 2e-3;

    /// <summary>∂f/∂values[i] for every i by centred differences; restores the values.</summary>
    public static double[] Numeric(Span<float> values, Func<double> objective, double epsilon = DefaultEpsilon)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float original = values[i];
            float plus = (float)(original + epsilon);
            float minus = (float)(original - epsilon);
            values[i] = plus;
            double fPlus = objective();
            values[i] = minus;
            double fMinus = objective();
            values[i] = original;
            result[i] = (fPlus - fMinus) / ((double)plus - minus);
        }
        return result;
    }

    /// <summary>Asserts that an analytic gradient matches a numeric one (see the class remarks).</summary>
    public static void AssertClose(ReadOnlySpan<float> analytic, double[] numeric, string what,
        double relativeTolerance = DefaultRelativeTolerance, double absoluteTolerance = DefaultAbsoluteTolerance)
    {
        Assert.Equal(numeric.Length, analytic.Length);
        double scale = 1e-3;
        foreach (var v in numeric) scale = Math.Max(scale, Math.Abs(v));
        for (int i = 0; i < numeric.Length; i++)
        {
            double error = Math.Abs(analytic[i] - numeric[i]);
            double allowed = relativeTolerance * Math.Abs(numeric[i]) + absoluteTolerance * scale;
            if (!(error <= allowed))
                Assert.Fail($"{what}: element {i}: analytic {analytic[i]:R} vs numeric {numeric[i]:R} (error {error:E3} > {allowed:E3}).");
        }
    }

    /// <summary>Σ output ⊙ weights in double: a scalar objective whose gradient with respect to the output is
    /// <paramref name="weights"/>.</summary>
    public static double Project(Matrix output, Matrix weights)
    {
        Assert.Equal(weights.Shape, output.Shape);
        var o = output.Span;
        var w = weights.Span;
        double sum = 0;
        for (int i = 0; i < o.Length; i++) sum += (double)o[i] * w[i];
        return sum;
    }

    /// <summary>A random matrix with values uniform in [low, high), at least <paramref name="awayFromZero"/> from 0.</summary>
    public static Matrix Random(Random rng, int rows, int columns, double low = -1, double high = 1, double awayFromZero = 0)
    {
        var m = new Matrix(rows, columns);
        var s = m.Span;
        for (int i = 0; i < s.Length; i++)
        {
            double v;
            do v = low + (high - low) * rng.NextDouble();
            while (Math.Abs(v) < awayFromZero);
            s[i] = (float)v;
        }
        return m;
    }

    /// <summary>
    /// Checks <c>layer.DInputs</c> against the derivative of <c>Σ Output ⊙ R</c> (+ <paramref name="extra"/>) with respect
    /// to the inputs, for a random R; also returns R so callers can check parameter gradients from the same backward.
    /// </summary>
    public static Matrix CheckInputGradient(ILayer layer, Matrix inputs, Random rng, bool training = false,
        double epsilon = DefaultEpsilon, Func<double>? extra = null)
    {
        layer.Forward(inputs, training);
        var r = Random(rng, layer.Output.Rows, layer.Output.Columns);
        layer.Backward(r);
        var analytic = layer.DInputs.Span.ToArray();
        double Objective()
        {
            layer.Forward(inputs, training);
            return Project(layer.Output, r) + (extra?.Invoke() ?? 0);
        }
        var numeric = Numeric(inputs.Span, Objective, epsilon);
        AssertClose(analytic, numeric, $"{layer.GetType().Name} dinputs");
        return r;
    }
}
