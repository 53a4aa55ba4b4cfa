using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Models;

/// <summary>
/// The Model on the Exact path prints exactly what NumPy prints running the book's Model
/// (Golden/training/make_golden.py; regenerate commands in the README there).
/// </summary>
public class ModelGoldenTests
{
    private static string[] Golden(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Golden", "training", name));

    private static Matrix Column(int[] labels)
    {
        var m = new Matrix(labels.Length, 1);
        for (int i = 0; i < labels.Length; i++) m[i, 0] = labels[i];
        return m;
    }

    [Fact]
    public void Chapter18BinaryFirst600EpochsMatchNumPy()
    {
        using var _ = Engine.UsePath(NumericPath.Exact);
        var random = new RandomState(0);
        var (x, y) = SyntheticData.Spiral(100, 2, random);
        var (xTest, yTest) = SyntheticData.Spiral(100, 2, random);
        var model = new Model(random);
        model.Add(new Dense(2, 64, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(64, 1, random: random));
        model.Add(new Sigmoid());
        model.Set(loss: new BinaryCrossEntropy(), optimizer: new Adam(decay: 5e-7), accuracy: new CategoricalAccuracy(binary: true));
        model.Build();
        model.Report = TrainingReport.Epochs;
        var output = new StringWriter();
        model.Output = output;
        model.Train(x, Column(y), epochs: 600, printEvery: 100, validationData: (xTest, Column(yTest)));
        Assert.Equal(Golden("binary18.txt"), output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Chapter19BatchedTrainingMatchesNumPy()
    {
        using var _ = Engine.UsePath(NumericPath.Exact);
        var random = new RandomState(0);
        var (x, y) = SyntheticData.Spiral(100, 3, random);
        var (xTest, yTest) = SyntheticData.Spiral(50, 3, random);
        var model = new Model(random);
        model.Add(new Dense(2, 64, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(64, 3, random: random));
        model.Add(new Softmax());
        model.Set(loss: new CategoricalCrossEntropy(), optimizer: new Adam(0.05, 5e-5), accuracy: new CategoricalAccuracy());
        model.Build();
        var output = new StringWriter();
        model.Output = output;
        model.Train(x, y, epochs: 3, batchSize: 64, printEvery: 2, validationData: (xTest, yTest));
        Assert.Equal(Golden("spiral19.txt"), output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
