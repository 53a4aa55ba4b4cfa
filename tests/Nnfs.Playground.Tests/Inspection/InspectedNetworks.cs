using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Playground.Tests.Inspection;

/// <summary>Small networks of the book's three kinds, trained a few epochs so that their weights and gradients are
/// not the initial ones.</summary>
public static class InspectedNetworks
{
    public enum Kind { SpiralSoftmax, BinarySigmoid, SineRegression }

    public static (Model Model, Matrix X, Targets Y) Build(Kind kind)
    {
        var random = new RandomState(7);
        var model = new Model(random) { Report = TrainingReport.None };
        Matrix x;
        Targets y;
        switch (kind)
        {
            case Kind.SpiralSoftmax:
                (x, var classes) = SyntheticData.Spiral(100, 3, random);
                y = classes;
                model.Add(new Dense(2, 16, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f, random: random));
                model.Add(new ReLU());
                model.Add(new Dense(16, 3, random: random));
                model.Add(new Softmax());
                model.Set(new CategoricalCrossEntropy(), new Adam(learningRate: 0.05), new CategoricalAccuracy());
                break;
            case Kind.BinarySigmoid:
                (x, var labels) = SyntheticData.Spiral(100, 2, random);
                var targets = new Matrix(labels.Length, 1);
                for (int i = 0; i < labels.Length; i++) targets[i, 0] = labels[i];
                y = targets;
                model.Add(new Dense(2, 8, weightRegularizerL1: 1e-3f, weightRegularizerL2: 5e-4f, biasRegularizerL1: 1e-3f, random: random));
                model.Add(new ReLU());
                model.Add(new Dropout(0.1f, random));
                model.Add(new Dense(8, 1, random: random));
                model.Add(new Sigmoid());
                model.Set(new BinaryCrossEntropy(), new Adam(learningRate: 0.01), new CategoricalAccuracy(binary: true));
                break;
            default:
                (x, var values) = SyntheticData.Sine(200);
                y = values;
                model.Add(new Dense(1, 8, random: random, initScale: 0.1f));
                model.Add(new ReLU());
                model.Add(new Dense(8, 8, random: random, initScale: 0.1f));
                model.Add(new Sigmoid());
                model.Add(new Dense(8, 1, random: random, initScale: 0.1f));
                model.Add(new Linear());
                model.Set(new MeanSquaredError(), new Adam(learningRate: 0.005), new RegressionAccuracy());
                break;
        }
        model.Build();
        model.Train(x, y, epochs: 30);
        return (model, x, y);
    }
}
