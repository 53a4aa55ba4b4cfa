namespace Nnfs.Playground.Inspection;

/// <summary>What a layer of an inspected network is.</summary>
public enum InspectedLayerKind
{
    /// <summary>A fully connected layer (<see cref="Nnfs.Layers.Dense"/>): outputs = inputs · weights + biases.</summary>
    Dense,

    /// <summary>The rectified linear activation: max(0, x).</summary>
    ReLU,

    /// <summary>The logistic activation: 1 / (1 + e^(−x)).</summary>
    Sigmoid,

    /// <summary>The softmax activation: e^(xᵢ − max) / Σⱼ e^(xⱼ − max).</summary>
    Softmax,

    /// <summary>The identity activation (regression outputs).</summary>
    Linear,

    /// <summary>Dropout, which passes its input through unchanged for an inspected sample (it drops only while
    /// training).</summary>
    Dropout,
}
