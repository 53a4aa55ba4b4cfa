namespace Nnfs.Playground.Inspection;

/// <summary>
/// A dense layer's parameters and, after the inspected sample's backward pass, their gradients; matrices are row
/// major, <see cref="Inputs"/> rows of <see cref="Neurons"/> columns (weight [i, j] joins input i to neuron j).
/// </summary>
/// <remarks>The gradients are the library's <c>Dense.Backward</c>: ∂L/∂W = xᵀ·δ + the regularization terms
/// (L1: λ₁·sign(w), +λ₁ at 0; L2: 2λ₂·w), ∂L/∂b = δ + the same for the biases, with δ the gradient of the loss with
/// respect to the layer's outputs.</remarks>
public sealed record DenseInspection
{
    /// <summary>The number of inputs (rows of the weight matrix).</summary>
    public required int Inputs { get; init; }

    /// <summary>The number of neurons (columns of the weight matrix).</summary>
    public required int Neurons { get; init; }

    /// <summary>The weights, <see cref="Inputs"/> × <see cref="Neurons"/>, row major.</summary>
    public required IReadOnlyList<float> Weights { get; init; }

    /// <summary>The biases, one per neuron.</summary>
    public required IReadOnlyList<float> Biases { get; init; }

    /// <summary>∂L/∂W, shaped as <see cref="Weights"/>.</summary>
    public required IReadOnlyList<float> WeightGradients { get; init; }

    /// <summary>∂L/∂b, one per neuron.</summary>
    public required IReadOnlyList<float> BiasGradients { get; init; }

    /// <summary>The L1 strength on the weights (0: none).</summary>
    public float WeightL1 { get; init; }

    /// <summary>The L2 strength on the weights (0: none).</summary>
    public float WeightL2 { get; init; }

    /// <summary>The L1 strength on the biases (0: none).</summary>
    public float BiasL1 { get; init; }

    /// <summary>The L2 strength on the biases (0: none).</summary>
    public float BiasL2 { get; init; }
}
