using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;

namespace Nnfs.Cli.Commands;

/// <summary>Builds the dense network that <c>nnfs train</c> trains.</summary>
/// <remarks>
/// inputs → [Dense(h, L2 on weights and biases) → activation → Dropout (if rate &gt; 0)] per hidden size → Dense(outputs)
/// → Softmax with categorical cross-entropy and categorical accuracy (classification), or Linear with mean squared
/// error and regression accuracy (regression, weights initialized with 0.1·randn as the book's chapter 17).
/// Every random draw (initial weights, dropout masks, per-epoch shuffles) comes from <c>random</c>.
/// </remarks>
internal static class ModelBuilder
{
    /// <summary>Creates, sets and builds the model.</summary>
    public static Model Build(TrainSettings settings, int features, int classes, RandomState random)
    {
        bool regression = classes == 0;
        float initScale = regression ? 0.1f : 0.01f;
        float l2 = (float)settings.L2;
        var model = new Model(random);
        int inputs = features;
        foreach (int size in settings.Hidden)
        {
            model.Add(new Dense(inputs, size, weightRegularizerL2: l2, biasRegularizerL2: l2, random: random, initScale: initScale));
            model.Add(settings.Activation == HiddenActivation.Sigmoid ? new Sigmoid() : new ReLU());
            if (settings.Dropout > 0) model.Add(new Dropout((float)settings.Dropout, random));
            inputs = size;
        }
        if (regression)
        {
            model.Add(new Dense(inputs, 1, random: random, initScale: initScale));
            model.Add(new Linear());
            model.Set(new MeanSquaredError(), CreateOptimizer(settings), new RegressionAccuracy());
        }
        else
        {
            model.Add(new Dense(inputs, classes, random: random, initScale: initScale));
            model.Add(new Softmax());
            model.Set(new CategoricalCrossEntropy(), CreateOptimizer(settings), new CategoricalAccuracy());
        }
        model.Build();
        return model;
    }

    /// <summary>The optimizer named by the settings.</summary>
    public static Optimizer CreateOptimizer(TrainSettings s) => s.Optimizer switch
    {
        OptimizerKind.Sgd => new Sgd(s.LearningRate, s.Decay, s.Momentum),
        OptimizerKind.Adagrad => new AdaGrad(s.LearningRate, s.Decay),
        OptimizerKind.Rmsprop => new RmsProp(s.LearningRate, s.Decay),
        _ => new Adam(s.LearningRate, s.Decay),
    };

    /// <summary>Layer sizes such as <c>784-128-128-10</c>.</summary>
    public static string Shape(Model model)
    {
        var dense = model.Layers.OfType<Dense>().ToList();
        if (dense.Count == 0) return "?";
        return string.Join('-', new[] { dense[0].InputCount }.Concat(dense.Select(d => d.Neurons)));
    }

    /// <summary>Input features of a model (its first dense layer's inputs).</summary>
    /// <exception cref="InvalidDataException">The model has no dense layer.</exception>
    public static int InputCount(Model model) =>
        model.Layers.OfType<Dense>().FirstOrDefault()?.InputCount ?? throw new InvalidDataException("the model has no dense layer");

    /// <summary>Outputs of a model (its last dense layer's neurons).</summary>
    public static int OutputCount(Model model) =>
        model.Layers.OfType<Dense>().LastOrDefault()?.Neurons ?? throw new InvalidDataException("the model has no dense layer");

    /// <summary>True when the model ends in softmax (a classifier), false for a linear (regression) output.</summary>
    public static bool IsClassifier(Model model) => model.OutputLayerActivation is Softmax or Sigmoid;
}
