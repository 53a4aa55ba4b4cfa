namespace Nnfs.Playground.Inspection;

/// <summary>What <see cref="GradientCheck.Run"/> found: every parameter's analytic and numeric gradient, and the
/// worst agreement.</summary>
public sealed record GradientCheckResult
{
    /// <summary>Each dense layer's weights and biases, in layer order.</summary>
    public required IReadOnlyList<ParameterCheck> Parameters { get; init; }

    /// <summary>The step used: each value θ was moved to θ ± <see cref="Epsilon"/>·max(1, |θ|).</summary>
    public required double Epsilon { get; init; }

    /// <summary>The largest relative error over every weight and bias (0 for a network without parameters).</summary>
    public double MaxRelativeError => Parameters.Count == 0 ? 0 : Parameters.Max(p => p.MaxRelativeError);

    /// <summary>The parameter matrix holding the largest relative error, and the element's index in it (row major);
    /// null for a network without parameters.</summary>
    public (ParameterCheck Check, int Index)? Worst =>
        Parameters.Count == 0 ? null : Parameters.MaxBy(p => p.MaxRelativeError) is { } worst ? (worst, worst.WorstIndex) : null;

    /// <summary>Whether <see cref="MaxRelativeError"/> is at most <see cref="GradientCheck.Tolerance"/>.</summary>
    public bool Passed => MaxRelativeError <= GradientCheck.Tolerance;
}
