using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Benchmarks.Micro;

/// <summary>The issue-5 network (784→128→128→10, ReLU, softmax + cross-entropy, Adam with decay 1e-3), seeded, and a
/// batch of random inputs in [−1, 1) with random labels.</summary>
internal static class BenchmarkNetwork
{
    public static Model Build()
    {
        var model = new Model(new RandomState(0)) { Report = TrainingReport.None };
        model.Add(new Dense(784, 128));
        model.Add(new ReLU());
        model.Add(new Dense(128, 128));
        model.Add(new ReLU());
        model.Add(new Dense(128, 10));
        model.Add(new Softmax());
        model.Set(loss: new CategoricalCrossEntropy(), optimizer: new Adam(decay: 1e-3), accuracy: new CategoricalAccuracy());
        model.Build();
        return model;
    }

    public static (Matrix X, Targets Y) Batch(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new Matrix(rows, 784);
        foreach (ref float v in x.Span) v = (float)(random.NextDouble() * 2 - 1);
        var labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = random.Next(10);
        return (x, Targets.FromClasses(labels));
    }
}
