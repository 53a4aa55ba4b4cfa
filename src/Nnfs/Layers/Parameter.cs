using Nnfs.Tensors;

namespace Nnfs.Layers;

/// <summary>A named parameter tensor and its gradient, e.g. a dense layer's <c>weight</c> and <c>dweights</c>.</summary>
/// <param name="name">The short name, <c>weight</c> or <c>bias</c>; the model prefixes it (<c>layers.0.weight</c>).</param>
/// <param name="value">The values the optimizer updates.</param>
public sealed class Parameter(string name, Matrix value)
{
    /// <summary>The short name (<c>weight</c>, <c>bias</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The current values.</summary>
    public Matrix Value { get; } = value;

    /// <summary>The gradient from the last backward pass, same shape as <see cref="Value"/>.</summary>
    public Matrix Gradient { get; } = new(value.Rows, value.Columns);

    /// <summary>
    /// The optimizer's per-parameter state, by slot name (<c>momentum</c>, <c>cache</c>), the book's
    /// <c>weight_momentums</c>/<c>weight_cache</c> attached to the layer. Created lazily by the optimizer; saved with
    /// the model under <c>{model key}.{slot}</c>.
    /// </summary>
    public OptimizerState OptimizerState { get; } = new();
}
