using Nnfs.Playground.Network;

namespace Nnfs.Playground.Components;

/// <summary>The editable fields of one hidden layer on the page (a <see cref="LayerChoice"/> while being edited).</summary>
public sealed class LayerForm
{
    /// <summary>Width.</summary>
    public int Neurons { get; set; } = 64;

    /// <summary>Activation.</summary>
    public ActivationKind Activation { get; set; } = ActivationKind.ReLU;

    /// <summary>Dropout rate after the layer.</summary>
    public float Dropout { get; set; }

    /// <summary>L1 strength on the weights.</summary>
    public float WeightL1 { get; set; }

    /// <summary>L2 strength on the weights.</summary>
    public float WeightL2 { get; set; }

    /// <summary>L1 strength on the biases.</summary>
    public float BiasL1 { get; set; }

    /// <summary>L2 strength on the biases.</summary>
    public float BiasL2 { get; set; }

    /// <summary>The fields of <paramref name="layer"/>.</summary>
    public static LayerForm From(LayerChoice layer) => new()
    {
        Neurons = layer.Neurons,
        Activation = layer.Activation,
        Dropout = layer.Dropout,
        WeightL1 = layer.WeightL1,
        WeightL2 = layer.WeightL2,
        BiasL1 = layer.BiasL1,
        BiasL2 = layer.BiasL2,
    };

    /// <summary>The layer these fields describe.</summary>
    public LayerChoice ToChoice() => new(Neurons, Activation, Dropout, WeightL1, WeightL2, BiasL1, BiasL2);
}
