namespace Nnfs.Playground.Inspection;

/// <summary>The gradient check of one parameter matrix: the library's gradient beside the finite-difference one.</summary>
public sealed record ParameterCheck
{
    /// <summary>The dense layer's index in <see cref="SampleInspection.Layers"/>.</summary>
    public required int Layer { get; init; }

    /// <summary><c>weights</c> or <c>biases</c>.</summary>
    public required string Parameter { get; init; }

    /// <summary>The gradient from the library's backward pass (float32).</summary>
    public required IReadOnlyList<float> Analytic { get; init; }

    /// <summary>The centred finite difference of the double-precision loss for each element.</summary>
    public required IReadOnlyList<double> Numeric { get; init; }

    /// <summary>Each element's relative error (<see cref="GradientCheck.RelativeError"/>).</summary>
    public required IReadOnlyList<double> RelativeErrors { get; init; }

    /// <summary>The largest of <see cref="RelativeErrors"/> (0 when there are none).</summary>
    public double MaxRelativeError => RelativeErrors.Count == 0 ? 0 : RelativeErrors[WorstIndex];

    /// <summary>The index (row major) of the first element with the largest relative error; 0 when there are none.</summary>
    public int WorstIndex
    {
        get
        {
            int worst = 0;
            for (int i = 1; i < RelativeErrors.Count; i++)
                if (RelativeErrors[i] > RelativeErrors[worst]) worst = i;
            return worst;
        }
    }
}
