using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Models;
using Nnfs.Tensors;

namespace Nnfs.Playground.Inspection;

/// <summary>
/// Runs one sample through a copy of a network with the library's own layers (<c>Forward</c>, then the loss and
/// <c>Backward</c>) and records every value on the way (<see cref="SampleInspection"/>). The network itself, its
/// optimizer state and its loss's running sums are left as they were.
/// </summary>
/// <remarks>
/// The copy has the same layers, weights, biases and regularization strengths; dropout passes its input through (it
/// drops only while training, and an inspection must give the same values each time). A softmax output under
/// categorical cross-entropy is back-propagated as the combined step the model trains with
/// (<see cref="SoftmaxCategoricalCrossEntropy"/>); any other output activation through the loss's backward and then
/// its own.
/// </remarks>
public static class SampleInspector
{
    /// <summary>Inspects sample <paramref name="sample"/> of <paramref name="x"/>, <paramref name="y"/> in
    /// <paramref name="model"/>'s layers under its loss.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">The model has no loss set.</exception>
    /// <exception cref="ArgumentException">See <see cref="Inspect(IReadOnlyList{ILayer}, Loss, Matrix, Targets, int)"/>.</exception>
    /// <exception cref="NotSupportedException">See <see cref="Inspect(IReadOnlyList{ILayer}, Loss, Matrix, Targets, int)"/>.</exception>
    public static SampleInspection Inspect(Model model, Matrix x, Targets y, int sample)
    {
        ArgumentNullException.ThrowIfNull(model);
        var loss = model.Loss ?? throw new InvalidOperationException("The model has no loss to inspect a sample with; call Model.Set(loss: ...) first.");
        return Inspect(model.Layers, loss, x, y, sample);
    }

    /// <summary>Inspects sample <paramref name="sample"/> of <paramref name="x"/>, <paramref name="y"/> in
    /// <paramref name="layers"/> under a loss of <paramref name="loss"/>'s kind.</summary>
    /// <param name="layers">The network's layers, input side first: dense layers, activations (ReLU, Sigmoid, Softmax,
    /// Linear) and dropout; the last one an activation.</param>
    /// <param name="loss">The network's loss (its kind is used; the instance is not touched).</param>
    /// <param name="x">The data set's inputs, one row per sample.</param>
    /// <param name="y">The data set's targets, one per row of <paramref name="x"/>.</param>
    /// <param name="sample">The row to inspect.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The network has no layers or does not end with an activation, the sample is
    /// not a row of <paramref name="x"/>, <paramref name="y"/> has not one target per row, the shapes do not chain
    /// (the message names the layer and the shapes), or the network's output for the sample is not finite (the loss
    /// names the value).</exception>
    /// <exception cref="NotSupportedException">A layer or the loss is of a kind the inspection does not know.</exception>
    public static SampleInspection Inspect(IReadOnlyList<ILayer> layers, Loss loss, Matrix x, Targets y, int sample)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (layers.Count == 0) throw new ArgumentException("The network has no layers to inspect.", nameof(layers));
        if (layers[^1] is not IOutputActivation)
            throw new ArgumentException($"The network's last layer, {layers[^1]}, is not an output activation (ReLU, Sigmoid, Softmax or Linear).", nameof(layers));
        if (y.Count != x.Rows) throw new ArgumentException($"{x.Rows} samples {x.Shape} but {y.Count} targets.", nameof(y));
        if ((uint)sample >= (uint)x.Rows)
            throw new ArgumentException($"Sample {sample} is not a row of the data set's {x.Rows} samples {x.Shape}.", nameof(sample));

        var lossKind = KindOf(loss, layers[^1]);
        var copies = new ILayer[layers.Count];
        for (int i = 0; i < layers.Count; i++) copies[i] = Copy(layers[i]);

        var input = new Matrix(1, x.Columns);
        x.Row(sample).CopyTo(input.Span);
        var target = y.Slice(sample, 1);

        var current = input;
        for (int i = 0; i < copies.Length; i++)
        {
            if (copies[i] is not Dropout)
            {
                copies[i].Forward(current, training: false);
                current = copies[i].Output;
            }
        }
        var output = current;

        var inputGradients = new float[copies.Length][];
        float dataLoss;
        float[]? outputGradient = null;
        Matrix dvalues;
        int below = copies.Length;
        if (lossKind == InspectedLossKind.SoftmaxCategoricalCrossEntropy)
        {
            dataLoss = new CategoricalCrossEntropy().Calculate(output, target);
            var combined = new SoftmaxCategoricalCrossEntropy();
            combined.Backward(output, target);
            dvalues = combined.DInputs;
            below--;
            inputGradients[below] = dvalues.Span.ToArray();
        }
        else
        {
            var fresh = NewLoss(lossKind);
            dataLoss = fresh.Calculate(output, target);
            fresh.Backward(output, target);
            dvalues = fresh.DInputs;
            outputGradient = dvalues.Span.ToArray();
        }
        for (int i = below - 1; i >= 0; i--)
        {
            if (copies[i] is not Dropout)
            {
                copies[i].Backward(dvalues);
                dvalues = copies[i].DInputs;
            }
            inputGradients[i] = dvalues.Span.ToArray();
        }

        double regularization = 0;
        var inspected = new LayerInspection[copies.Length];
        var previous = input;
        for (int i = 0; i < copies.Length; i++)
        {
            var layerOutput = copies[i] is Dropout ? previous : copies[i].Output;
            DenseInspection? dense = null;
            if (copies[i] is Dense d)
            {
                regularization = d.AddRegularizationLoss(regularization);
                dense = new DenseInspection
                {
                    Inputs = d.InputCount,
                    Neurons = d.Neurons,
                    Weights = d.Weights.Span.ToArray(),
                    Biases = d.Biases.Span.ToArray(),
                    WeightGradients = d.DWeights.Span.ToArray(),
                    BiasGradients = d.DBiases.Span.ToArray(),
                    WeightL1 = d.WeightRegularizerL1,
                    WeightL2 = d.WeightRegularizerL2,
                    BiasL1 = d.BiasRegularizerL1,
                    BiasL2 = d.BiasRegularizerL2,
                };
            }
            inspected[i] = new LayerInspection
            {
                Kind = KindOf(copies[i]),
                Name = copies[i] is Dense ? copies[i].ToString()! : KindOf(copies[i]).ToString(),
                Output = layerOutput.Span.ToArray(),
                InputGradient = inputGradients[i],
                Dense = dense,
            };
            previous = layerOutput;
        }

        return new SampleInspection
        {
            Sample = sample,
            Input = input.Span.ToArray(),
            TargetClass = target.Classes?[0],
            TargetValues = target.Values?.Span.ToArray(),
            Layers = inspected,
            Loss = lossKind,
            DataLoss = dataLoss,
            RegularizationLoss = regularization,
            OutputGradient = outputGradient,
        };
    }

    private static ILayer Copy(ILayer layer) => layer switch
    {
        Dense d => CopyDense(d),
        ReLU => new ReLU(),
        Sigmoid => new Sigmoid(),
        Softmax => new Softmax(),
        Linear => new Linear(),
        Dropout dropout => new Dropout(dropout.Rate),
        null => throw new ArgumentException("The network has a null layer."),
        _ => throw new NotSupportedException($"The inspection does not know the layer {layer} ({layer.GetType().Name})."),
    };

    private static Dense CopyDense(Dense d)
    {
        var copy = new Dense(d.InputCount, d.Neurons, d.WeightRegularizerL1, d.WeightRegularizerL2, d.BiasRegularizerL1, d.BiasRegularizerL2);
        copy.SetParameters(d.Weights, d.Biases);
        return copy;
    }

    private static InspectedLayerKind KindOf(ILayer layer) => layer switch
    {
        Dense => InspectedLayerKind.Dense,
        ReLU => InspectedLayerKind.ReLU,
        Sigmoid => InspectedLayerKind.Sigmoid,
        Softmax => InspectedLayerKind.Softmax,
        Linear => InspectedLayerKind.Linear,
        _ => InspectedLayerKind.Dropout,
    };

    private static InspectedLossKind KindOf(Loss loss, ILayer last) => loss switch
    {
        CategoricalCrossEntropy when last is Softmax => InspectedLossKind.SoftmaxCategoricalCrossEntropy,
        CategoricalCrossEntropy => InspectedLossKind.CategoricalCrossEntropy,
        BinaryCrossEntropy => InspectedLossKind.BinaryCrossEntropy,
        MeanSquaredError => InspectedLossKind.MeanSquaredError,
        MeanAbsoluteError => InspectedLossKind.MeanAbsoluteError,
        _ => throw new NotSupportedException($"The inspection does not know the loss {loss.GetType().Name}."),
    };

    private static Loss NewLoss(InspectedLossKind kind) => kind switch
    {
        InspectedLossKind.CategoricalCrossEntropy => new CategoricalCrossEntropy(),
        InspectedLossKind.BinaryCrossEntropy => new BinaryCrossEntropy(),
        InspectedLossKind.MeanSquaredError => new MeanSquaredError(),
        _ => new MeanAbsoluteError(),
    };
}
