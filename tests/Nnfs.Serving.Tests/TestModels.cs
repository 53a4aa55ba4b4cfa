using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Serving.Tests;

/// <summary>Tiny models trained in the tests and saved to files, and their answers computed without the server.</summary>
internal static class TestModels
{
    /// <summary>Side of the image model's square input.</summary>
    public const int Side = 28;

    /// <summary>
    /// A 784-input classifier of 10 classes, trained briefly on synthetic 28×28 images (class c: a bright horizontal
    /// band at rows 2c–2c+5 on a dark background, raw pixels 0–255), recording its input as a 28×28 image with the
    /// book's pixel scaling and Fashion-MNIST's class names.
    /// </summary>
    public static string SaveImageModel(string folder, string name = "garments")
    {
        var random = new RandomState(7);
        int samples = 200, pixels = Side * Side;
        var raw = new float[samples * pixels];
        var labels = new int[samples];
        for (int s = 0; s < samples; s++)
        {
            int c = s % 10;
            labels[s] = c;
            for (int p = 0; p < pixels; p++)
            {
                int row = p / Side;
                float noise = (float)random.NextDouble() * 40;
                raw[s * pixels + p] = row >= 2 * c && row < 2 * c + 6 ? 215 + noise : noise;
            }
        }
        var model = new Model(random)
        {
            Input = InputPreparation.Image(Side, Side),
            ClassNames = ClassNames,
        };
        model.Add(new Dense(pixels, 16, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(16, 10, random: random));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(learningRate: 0.01), new CategoricalAccuracy());
        model.Build();
        model.Report = TrainingReport.None;
        model.Train(Prepare(model, new Matrix(samples, pixels, raw)), labels, epochs: 5, batchSize: 50);
        string path = Path.Combine(folder, name + ".nnfs");
        ModelFile.Save(model, path);
        return path;
    }

    /// <summary>A 2-feature, 3-class spiral classifier.</summary>
    public static string SaveSpiralModel(string folder, string name = "spiral")
    {
        var random = new RandomState(0);
        var (x, y) = SyntheticData.Spiral(samples: 100, classes: 3, random);
        var model = new Model(random);
        model.Add(new Dense(2, 16, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(16, 3, random: random));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(learningRate: 0.05), new CategoricalAccuracy());
        model.Build();
        model.Report = TrainingReport.None;
        model.Train(x, y, epochs: 50);
        string path = Path.Combine(folder, name + ".nnfs");
        ModelFile.Save(model, path);
        return path;
    }

    /// <summary>
    /// The model's outputs for raw input, computed by loading the file and calling <see cref="Model.Predict"/> on the
    /// prepared input: what every answer of the server must equal.
    /// </summary>
    public static float[] Expected(string modelPath, float[] raw, int rows)
    {
        var model = ModelFile.Load(modelPath);
        int columns = raw.Length / rows;
        return model.Predict(Prepare(model, new Matrix(rows, columns, raw))).Span.ToArray();
    }

    /// <summary>The image model's class names: Fashion-MNIST's.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = IdxDataset.FashionMnist.ClassNames!;

    /// <summary>The model's recorded preprocessing applied to raw input (none recorded: the input itself).</summary>
    private static Matrix Prepare(Model model, Matrix raw)
    {
        if (model.Input is null) return raw;
        var prepared = new Matrix(raw.Rows, raw.Columns);
        model.Input.Apply(raw.Span, prepared.Span);
        return prepared;
    }
}
