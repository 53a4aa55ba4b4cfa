namespace Nnfs.Playground.Inspection;

/// <summary>
/// One sample through the network (a batch of 1, the network unchanged): each layer's outputs, the loss, and each
/// parameter's gradient from the library's own <c>Forward</c> and <c>Backward</c> (the book's chapters 2 to 9).
/// </summary>
/// <remarks><see cref="TotalLoss"/> = <see cref="DataLoss"/> + <see cref="RegularizationLoss"/>, the function whose
/// gradient the layers' <see cref="DenseInspection.WeightGradients"/> and <see cref="DenseInspection.BiasGradients"/>
/// are.</remarks>
public sealed record SampleInspection
{
    /// <summary>The sample's index (row) in the data set.</summary>
    public required int Sample { get; init; }

    /// <summary>The sample's features, the network's input.</summary>
    public required IReadOnlyList<float> Input { get; init; }

    /// <summary>The sample's class for a classification loss; null for targets given as values.</summary>
    public int? TargetClass { get; init; }

    /// <summary>The sample's target values (regression, binary outputs); null when <see cref="TargetClass"/> is set.</summary>
    public IReadOnlyList<float>? TargetValues { get; init; }

    /// <summary>The layers in order, input side first; the last one's <see cref="LayerInspection.Output"/> is the
    /// network's output (the softmax probabilities of a classifier).</summary>
    public required IReadOnlyList<LayerInspection> Layers { get; init; }

    /// <summary>The loss and how its gradient enters the network.</summary>
    public required InspectedLossKind Loss { get; init; }

    /// <summary>The sample's loss as the library's loss computes it (float32).</summary>
    public required float DataLoss { get; init; }

    /// <summary>The penalty of the dense layers' L1 and L2 regularization (0 without any).</summary>
    public required double RegularizationLoss { get; init; }

    /// <summary>∂L/∂(network output) from the loss's backward pass; null for
    /// <see cref="InspectedLossKind.SoftmaxCategoricalCrossEntropy"/>, whose combined gradient is the softmax layer's
    /// <see cref="LayerInspection.InputGradient"/>.</summary>
    public IReadOnlyList<float>? OutputGradient { get; init; }

    /// <summary><see cref="DataLoss"/> + <see cref="RegularizationLoss"/>.</summary>
    public double TotalLoss => DataLoss + RegularizationLoss;

    /// <summary>The network's output for the sample.</summary>
    public IReadOnlyList<float> Outputs => Layers[^1].Output;
}
