using Microsoft.ML.OnnxRuntime;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Onnx;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Testing;

/// <summary>
/// Runs exported models in ONNX Runtime (an independent implementation of the ONNX operators) and compares their
/// outputs with <see cref="Model.Predict"/>: shared by the exporter's tests and the CLI's export command tests.
/// </summary>
public static class OnnxRuntimeCheck
{
    private const float Tolerance = 1e-5f;

    /// <summary>The chapter 19 spiral classifier (Dense-ReLU-Dense-Softmax), trained a little with Adam.</summary>
    public static Model SpiralClassifier()
    {
        var random = new RandomState(7);
        var (x, y) = SyntheticData.Spiral(100, 3, random);
        var model = new Model(random) { Report = TrainingReport.None };
        model.Add(new Dense(2, 64, weightRegularizerL2: 5e-4f, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(64, 3, random: random));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(0.05, decay: 5e-5), new CategoricalAccuracy());
        model.Build();
        model.Train(x, y, epochs: 30);
        return model;
    }

    public static Matrix RandomInputs(int rows, int columns, uint seed)
    {
        var x = new Matrix(rows, columns);
        new RandomState(seed).Randn(x.Span);
        return x;
    }

    /// <summary>Runs <paramref name="onnx"/> in ONNX Runtime on <paramref name="x"/>; returns the output and its shape.</summary>
    public static (float[] Values, long[] Shape) RunOnnx(byte[] onnx, Matrix x)
    {
        using var session = new InferenceSession(onnx);
        using var input = OrtValue.CreateTensorValueFromMemory(x.Span.ToArray(), [x.Rows, x.Columns]);
        using var options = new RunOptions();
        using var results = session.Run(options, [OnnxExporter.InputName], [input], [OnnxExporter.OutputName]);
        return (results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);
    }

    public static void AssertClose(Matrix expected, float[] actual, long[] shape)
    {
        Assert.Equal(new long[] { expected.Rows, expected.Columns }, shape);
        var e = expected.Span;
        for (int i = 0; i < e.Length; i++)
        {
            float bound = Tolerance + Tolerance * Math.Abs(e[i]);
            Assert.True(Math.Abs(e[i] - actual[i]) <= bound,
                $"element {i} (row {i / expected.Columns}, column {i % expected.Columns}): Predict {e[i]:R}, ONNX Runtime {actual[i]:R}");
        }
    }
}
