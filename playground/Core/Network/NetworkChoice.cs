using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Randomness;

namespace Nnfs.Playground.Network;

/// <summary>The network: hidden layers, then an output dense layer with the output activation, which picks the loss.</summary>
/// <remarks>
/// <para>The output layer's width follows the data: one neuron per class under Softmax (categorical cross-entropy,
/// categorical accuracy), one neuron under Sigmoid (two classes only; binary cross-entropy, binary accuracy), one under
/// Linear (regression only; mean squared error, the book's regression accuracy). The output layer has no penalties,
/// as in the book.</para>
/// <para>Layers are created in order, each dense layer drawing its initial weights (<see cref="InitScale"/> · a
/// Gaussian) from the generator, which the dropout layers then use for their masks: with the book's settings and seed 0
/// this is the book's network.</para>
/// </remarks>
/// <param name="Hidden">The hidden layers, input side first (1 to <see cref="MaxHiddenLayers"/>).</param>
/// <param name="Output">The output activation.</param>
/// <param name="InitScale">Factor on the Gaussian initial weights. Default 0.01, the book's (chapter 17 uses 0.1).</param>
public sealed record NetworkChoice(IReadOnlyList<LayerChoice> Hidden, ActivationKind Output = ActivationKind.Softmax, float InitScale = 0.01f)
{
    /// <summary>The most hidden layers: 4.</summary>
    public const int MaxHiddenLayers = 4;

    /// <summary>The book's spiral classifier: one hidden layer of 64 ReLU neurons, Softmax output.</summary>
    public static NetworkChoice Book { get; } = new([new LayerChoice()]);

    /// <summary>What is wrong with the network for data with <paramref name="classes"/> classes (0 = regression), one
    /// sentence per problem; empty when it can be built.</summary>
    public IReadOnlyList<string> Problems(int classes)
    {
        var problems = new List<string>();
        if (Hidden is null || Hidden.Count < 1 || Hidden.Count > MaxHiddenLayers)
            problems.Add($"The network needs 1 to {MaxHiddenLayers} hidden layers, got {Hidden?.Count ?? 0}.");
        else
            for (int i = 0; i < Hidden.Count; i++)
                problems.AddRange(Hidden[i] is { } layer ? layer.Problems(i + 1) : [$"Layer {i + 1} is missing."]);
        switch (Output)
        {
            case ActivationKind.Softmax when classes == 0:
            case ActivationKind.Sigmoid when classes == 0:
                problems.Add($"A {Output} output is for classification; the sine needs a Linear output.");
                break;
            case ActivationKind.Sigmoid when classes != 2:
                problems.Add($"A Sigmoid output (binary cross-entropy) needs exactly 2 classes, got {classes}.");
                break;
            case ActivationKind.Linear when classes != 0:
                problems.Add("A Linear output is for regression (the sine); classification needs Softmax or Sigmoid.");
                break;
            case ActivationKind.ReLU:
                problems.Add("The output activation must be Softmax, Sigmoid or Linear.");
                break;
        }
        if (!(InitScale > 0 && InitScale <= 1))
            problems.Add($"The initial weight scale must be in (0, 1], got {InitScale}.");
        return problems;
    }

    /// <summary>The width of the output layer for <paramref name="classes"/> classes (0 = regression).</summary>
    public int OutputWidth(int classes) => Output == ActivationKind.Softmax ? classes : 1;

    /// <summary>Whether the targets are a 0/1 column (one sigmoid output) rather than class ids.</summary>
    public bool BinaryOutput => Output == ActivationKind.Sigmoid;

    /// <summary>Adds the layers to <paramref name="model"/> and sets its loss and accuracy (the optimizer is the caller's).</summary>
    /// <param name="model">An empty model.</param>
    /// <param name="inputs">Features per sample.</param>
    /// <param name="classes">Classes of the data, 0 for regression.</param>
    /// <param name="random">The generator for the weights and the dropout masks.</param>
    /// <exception cref="ArgumentException">The network has a problem (<see cref="Problems"/>); the message gives the first.</exception>
    public void AddTo(Model model, int inputs, int classes, RandomState random)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(random);
        if (Problems(classes) is [var problem, ..]) throw new ArgumentException($"Network: {problem}");
        int width = inputs;
        foreach (var layer in Hidden)
        {
            model.Add(new Dense(width, layer.Neurons, layer.WeightL1, layer.WeightL2, layer.BiasL1, layer.BiasL2, random, InitScale));
            model.Add(Activation(layer.Activation));
            if (layer.Dropout > 0) model.Add(new Dropout(layer.Dropout, random));
            width = layer.Neurons;
        }
        model.Add(new Dense(width, OutputWidth(classes), random: random, initScale: InitScale));
        model.Add(Activation(Output));
        model.Set(
            loss: Output switch
            {
                ActivationKind.Softmax => new CategoricalCrossEntropy(),
                ActivationKind.Sigmoid => new BinaryCrossEntropy(),
                _ => new MeanSquaredError(),
            },
            accuracy: Output switch
            {
                ActivationKind.Softmax => new CategoricalAccuracy(),
                ActivationKind.Sigmoid => new CategoricalAccuracy(binary: true),
                _ => new RegressionAccuracy(),
            });
    }

    private static ILayer Activation(ActivationKind kind) => kind switch
    {
        ActivationKind.ReLU => new ReLU(),
        ActivationKind.Sigmoid => new Sigmoid(),
        ActivationKind.Softmax => new Softmax(),
        _ => new Linear(),
    };
}
