namespace Nnfs.Playground.Training;

/// <summary>The book's optimizers (chapter 10; the library's <see cref="Nnfs.Optimizers"/>).</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with optional momentum (<see cref="Nnfs.Optimizers.Sgd"/>).</summary>
    Sgd,

    /// <summary>Per-parameter rates from the sum of squared gradients (<see cref="Nnfs.Optimizers.AdaGrad"/>).</summary>
    AdaGrad,

    /// <summary>Per-parameter rates from a moving average of squared gradients (<see cref="Nnfs.Optimizers.RmsProp"/>).</summary>
    RmsProp,

    /// <summary>Momentum plus RMSprop's cache, bias-corrected (<see cref="Nnfs.Optimizers.Adam"/>).</summary>
    Adam,
}
