namespace Nnfs.Playground.Inspection;

/// <summary>
/// Compares the gradients an inspection shows (the library's float32 backward pass) with centred finite differences
/// of the same loss computed in double.
/// </summary>
/// <remarks>
/// <para>Numeric: n = (L(θ + h) − L(θ − h)) / 2h per parameter, the others fixed, with h = ε·max(1, |θ|) and L the
/// data loss plus the regularization penalty evaluated in double from the float32 parameters widened exactly; its
/// error is about h²·L‴ plus the double rounding of L over h, far below float32's precision.</para>
/// <para>Relative error per element: |a − n| / max(|a|, |n|, <see cref="Floor"/>), 0 when both are 0. The floor keeps
/// a gradient that is zero up to rounding (a neuron the ReLU silences, a cancelled sum) from counting as a 100 %
/// error. A float32 backward agrees to about 1e-6; a missing factor or a wrong sign gives an error near 1.</para>
/// <para>Where a ReLU input or an L1-regularized parameter is within h of 0 the loss has a kink and the two may
/// disagree there without a bug.</para>
/// </remarks>
public static class GradientCheck
{
    /// <summary>The default relative step ε (1e-6).</summary>
    public const double DefaultEpsilon = 1e-6;

    /// <summary>The magnitude below which gradients are compared absolutely (1e-6).</summary>
    public const double Floor = 1e-6;

    /// <summary>The largest relative error a correct float32 gradient is expected to show (1e-3).</summary>
    public const double Tolerance = 1e-3;

    /// <summary>Checks every weight and bias of <paramref name="inspection"/>'s dense layers.</summary>
    /// <param name="inspection">The sample, the network and the gradients to check (from <see cref="SampleInspector"/>).</param>
    /// <param name="epsilon">The relative step (default <see cref="DefaultEpsilon"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="inspection"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is not a finite number in (0, 0.1].</exception>
    public static GradientCheckResult Run(SampleInspection inspection, double epsilon = DefaultEpsilon)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (!(epsilon > 0 && epsilon <= 0.1))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "The gradient check's step must be in (0, 0.1].");
        var network = new DoubleNetwork(inspection);
        var checks = new List<ParameterCheck>();
        int p = 0;
        for (int l = 0; l < inspection.Layers.Count; l++)
        {
            if (inspection.Layers[l].Dense is not { } dense) continue;
            checks.Add(Check(network, p++, l, "weights", dense.WeightGradients, epsilon));
            checks.Add(Check(network, p++, l, "biases", dense.BiasGradients, epsilon));
        }
        return new GradientCheckResult { Parameters = checks, Epsilon = epsilon };
    }

    /// <summary>|a − n| / max(|a|, |n|, <see cref="Floor"/>); infinite when either is not a finite number.</summary>
    public static double RelativeError(double analytic, double numeric) =>
        double.IsFinite(analytic) && double.IsFinite(numeric)
            ? Math.Abs(analytic - numeric) / Math.Max(Math.Max(Math.Abs(analytic), Math.Abs(numeric)), Floor)
            : double.PositiveInfinity;

    private static ParameterCheck Check(DoubleNetwork network, int p, int layer, string name, IReadOnlyList<float> analytic, double epsilon)
    {
        var values = network.Parameters[p];
        var numeric = new double[values.Length];
        var errors = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double original = values[i];
            double h = epsilon * Math.Max(1, Math.Abs(original));
            values[i] = original + h;
            double plus = network.Loss();
            values[i] = original - h;
            double minus = network.Loss();
            values[i] = original;
            numeric[i] = (plus - minus) / (2 * h);
            errors[i] = RelativeError(analytic[i], numeric[i]);
        }
        return new ParameterCheck { Layer = layer, Parameter = name, Analytic = analytic, Numeric = numeric, RelativeErrors = errors };
    }
}
