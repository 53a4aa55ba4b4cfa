namespace Nnfs.Playground.Network;

/// <summary>The activation after a dense layer (the library's <see cref="Nnfs.Activations"/>).</summary>
public enum ActivationKind
{
    /// <summary><c>max(0, x)</c>: hidden layers.</summary>
    ReLU,

    /// <summary><c>1 / (1 + e^−x)</c>: hidden layers, or one output for two classes (binary cross-entropy).</summary>
    Sigmoid,

    /// <summary>Normalised exponentials: the output of a classifier (categorical cross-entropy).</summary>
    Softmax,

    /// <summary>The identity: hidden layers, or the output of a regression (mean squared error).</summary>
    Linear,
}
