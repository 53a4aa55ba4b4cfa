using System.Globalization;

namespace Nnfs.Playground.Network;

/// <summary>One hidden layer: a dense layer, its activation, and optionally dropout after it and L1/L2 penalties on it.</summary>
/// <remarks>Limits: 1 to <see cref="MaxNeurons"/> neurons; dropout in [0, 0.9]; each penalty in [0, 1]. Softmax is
/// for the output only.</remarks>
/// <param name="Neurons">Width of the dense layer. Default 64, the book's.</param>
/// <param name="Activation">Its activation. Default ReLU.</param>
/// <param name="Dropout">Fraction of the layer's outputs dropped while training (0 = no dropout layer). Default 0.</param>
/// <param name="WeightL1">L1 strength on the weights (the book's <c>weight_regularizer_l1</c>). Default 0.</param>
/// <param name="WeightL2">L2 strength on the weights. Default 0.</param>
/// <param name="BiasL1">L1 strength on the biases. Default 0.</param>
/// <param name="BiasL2">L2 strength on the biases. Default 0.</param>
public sealed record LayerChoice(int Neurons = 64, ActivationKind Activation = ActivationKind.ReLU, float Dropout = 0,
    float WeightL1 = 0, float WeightL2 = 0, float BiasL1 = 0, float BiasL2 = 0)
{
    /// <summary>The widest hidden layer: 512, the book's widest.</summary>
    public const int MaxNeurons = 512;

    /// <summary>The largest dropout rate: 0.9.</summary>
    public const float MaxDropout = 0.9f;

    /// <summary>What is wrong with the layer, one sentence per problem; empty when it can be built.</summary>
    /// <param name="position">The layer's number as the page shows it (1 = first hidden layer), for the messages.</param>
    public IReadOnlyList<string> Problems(int position)
    {
        var problems = new List<string>();
        if (Neurons < 1 || Neurons > MaxNeurons)
            problems.Add($"Layer {position}: neurons must be between 1 and {MaxNeurons}, got {Neurons}.");
        if (!Enum.IsDefined(Activation) || Activation == ActivationKind.Softmax)
            problems.Add($"Layer {position}: a hidden layer's activation must be ReLU, Sigmoid or Linear, got {Activation}.");
        if (!(Dropout >= 0 && Dropout <= MaxDropout))
            problems.Add($"Layer {position}: dropout must be between 0 and {MaxDropout.ToString(CultureInfo.InvariantCulture)}, got {Dropout.ToString(CultureInfo.InvariantCulture)}.");
        foreach (var (name, value) in new[] { ("weight L1", WeightL1), ("weight L2", WeightL2), ("bias L1", BiasL1), ("bias L2", BiasL2) })
        {
            if (!(value >= 0 && value <= 1))
                problems.Add($"Layer {position}: {name} must be between 0 and 1, got {value.ToString(CultureInfo.InvariantCulture)}.");
        }
        return problems;
    }
}
