using System.Diagnostics;
using Nnfs.Activations;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Models;

/// <summary>
/// The passes over several layers a <see cref="Model"/> runs as one on <see cref="NumericPath.Fast"/>, planned once
/// by <see cref="Model.Build"/>: a <see cref="Dense"/> layer and the <see cref="ReLU"/> after it forward
/// (<see cref="MatMulSmall.TryGemmRectified"/>), and the first Dense → ReLU → Dense backward when the model does not
/// compute its input gradient (<see cref="MatMulSmall.TryDenseReLUBackward"/>).
/// </summary>
/// <remarks>A fused pass first checks that it applies (the path, the layers' shapes and what the kernel covers on
/// this processor) and returns false, having touched nothing, when it does not; the model then runs the layers' own
/// passes. When it applies, every buffer the layers expose ends as their own passes leave it, bit for bit.</remarks>
internal sealed class FusionPlan
{
    private readonly ILayer[] _layers;
    private readonly bool[] _denseReLU;

    private FusionPlan(ILayer[] layers, bool[] denseReLU, int backwardBottom)
    {
        _layers = layers;
        _denseReLU = denseReLU;
        BackwardBottom = backwardBottom;
    }

    /// <summary>No fused pass: every layer runs its own Forward and Backward.</summary>
    public static FusionPlan None { get; } = new([], [], -1);

    /// <summary>
    /// The plan for <paramref name="layers"/>: a forward pair at every Dense followed by a ReLU; the backward triple at
    /// the first trainable layer when it is a Dense followed by ReLU and Dense and <paramref name="computeInputGradient"/>
    /// is false (the triple then ends the backward pass).
    /// </summary>
    public static FusionPlan For(IReadOnlyList<ILayer> layers, bool computeInputGradient)
    {
        var denseReLU = new bool[layers.Count];
        for (int i = 0; i + 1 < layers.Count; i++) denseReLU[i] = layers[i] is Dense && layers[i + 1] is ReLU;
        int first = -1;
        for (int i = 0; i < layers.Count && first < 0; i++)
            if (layers[i] is ITrainableLayer) first = i;
        int bottom = !computeInputGradient && first >= 0 && first + 2 < layers.Count && denseReLU[first] && layers[first + 2] is Dense
            ? first : -1;
        return new FusionPlan(layers.ToArray(), denseReLU, bottom);
    }

    /// <summary>The index of the lower Dense of the fused backward triple, or -1 when there is none.</summary>
    public int BackwardBottom { get; }

    /// <summary>The index of the upper Dense of the fused backward triple (where the backward pass meets it), or -1.</summary>
    public int BackwardTop => BackwardBottom < 0 ? -1 : BackwardBottom + 2;

    /// <summary>Whether the layers at <paramref name="index"/> and the next form a planned Dense → ReLU pair.</summary>
    public bool StartsForwardPair(int index) => (uint)index < (uint)_denseReLU.Length && _denseReLU[index];

    /// <summary>
    /// The Dense layer at <paramref name="index"/> and the ReLU after it forward on <paramref name="inputs"/> in one
    /// pass, when planned and applicable; false, nothing touched, otherwise.
    /// </summary>
    public bool TryForward(int index, Matrix inputs)
    {
        if (!StartsForwardPair(index) || Engine.Path != NumericPath.Fast) return false;
        var dense = (Dense)_layers[index];
        var relu = (ReLU)_layers[index + 1];
        int rows = inputs.Rows;
        if (inputs.Columns != dense.InputCount || rows == 0
            || !MatMulSmall.GemmRectifiedApplies(rows, dense.Neurons, dense.InputCount))
            return false;
        var output = dense.Buffers.ForwardInto(inputs, dense.Neurons);
        var rectified = relu.Buffers.ForwardInto(output, output.Columns);
        if (!MatMulSmall.TryGemmRectified(rows, dense.Neurons, dense.InputCount, inputs.Span, dense.Weights.Span,
                dense.Biases.Span, output.Span, rectified.Span))
            throw new UnreachableException("FusionPlan: the Dense → ReLU forward kernel declined a shape it covers.");
        return true;
    }

    /// <summary>
    /// The backward passes of the planned Dense → ReLU → Dense triple, top to bottom, from the upper layer's
    /// <paramref name="dvalues"/>, in one pass over the hidden activations, when applicable; false, nothing touched,
    /// otherwise.
    /// </summary>
    public bool TryBackward(Matrix dvalues)
    {
        if (BackwardBottom < 0 || Engine.Path != NumericPath.Fast) return false;
        var lower = (Dense)_layers[BackwardBottom];
        var relu = (ReLU)_layers[BackwardBottom + 1];
        var upper = (Dense)_layers[BackwardBottom + 2];
        var hidden = lower.Output;
        int rows = hidden.Rows;
        if (!ReferenceEquals(relu.Inputs, hidden) || !ReferenceEquals(upper.Inputs, relu.Output)
            || dvalues.Rows != rows || dvalues.Columns != upper.Neurons || lower.ComputeInputGradient
            || !MatMulSmall.DenseReLUBackwardApplies(rows, lower.Neurons, lower.InputCount, upper.Neurons))
            return false;
        var d2 = upper.Buffers.DInputsInto(rows, upper.InputCount);
        var d1 = relu.Buffers.DInputsInto(rows, hidden.Columns);
        if (!MatMulSmall.TryDenseReLUBackward(rows, lower.Neurons, lower.InputCount, upper.Neurons, dvalues.Span,
                upper.Weights.Span, hidden.Span, lower.Inputs.Span, d2.Span, d1.Span, lower.DWeights.Span,
                lower.DBiases.Span))
            throw new UnreachableException("FusionPlan: the Dense → ReLU → Dense backward kernel declined a shape it covers.");
        // The upper layer's parameter gradients as its Backward computes them; its input gradient is D2 above.
        MatMul.MultiplyTransposeA(upper.Inputs, dvalues, upper.DWeights);
        ColumnSums.NumPyAxis0(dvalues.Span, upper.Neurons, upper.DBiases.Span);
        AddRegularizationGradients(upper);
        AddRegularizationGradients(lower);
        lower.Buffers.SkipDInputs();
        return true;
    }

    private static void AddRegularizationGradients(Dense layer)
    {
        RegularizationGradient.Add(layer.DWeights.Span, layer.Weights.Span, layer.WeightRegularizerL1, layer.WeightRegularizerL2);
        RegularizationGradient.Add(layer.DBiases.Span, layer.Biases.Span, layer.BiasRegularizerL1, layer.BiasRegularizerL2);
    }
}
