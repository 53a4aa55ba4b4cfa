namespace Nnfs.Playground.Inspection;

/// <summary>One layer of the network for the inspected sample: what its forward pass gave and what its backward pass
/// sent down.</summary>
public sealed record LayerInspection
{
    /// <summary>What the layer is.</summary>
    public required InspectedLayerKind Kind { get; init; }

    /// <summary>The layer's name as the library prints it, such as <c>Dense(2, 64)</c> or <c>ReLU</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The layer's outputs for the sample (one value per neuron).</summary>
    public required IReadOnlyList<float> Output { get; init; }

    /// <summary>∂L/∂(the layer's inputs) from its backward pass (for the first layer, with respect to the sample's
    /// features).</summary>
    public required IReadOnlyList<float> InputGradient { get; init; }

    /// <summary>The parameters and their gradients for a <see cref="InspectedLayerKind.Dense"/> layer; null for the
    /// others.</summary>
    public DenseInspection? Dense { get; init; }
}
