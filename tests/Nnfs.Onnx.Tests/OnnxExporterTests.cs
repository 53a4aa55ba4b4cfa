using Google.Protobuf;
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
using static Nnfs.Testing.OnnxRuntimeCheck;

namespace Nnfs.Onnx.Tests;

/// <summary>
/// Runs exported models in ONNX Runtime (an independent implementation of the ONNX operators) and compares their
/// outputs with <see cref="Model.Predict"/> on random inputs.
/// </summary>
public sealed class OnnxExporterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nnfs-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Model Binary()
    {
        var random = new RandomState(8);
        var model = new Model(random);
        model.Add(new Dense(2, 16, random: random, initScale: 1f));
        model.Add(new ReLU());
        model.Add(new Dense(16, 1, random: random, initScale: 1f));
        model.Add(new Sigmoid());
        return model;
    }

    private static Model Regression()
    {
        var random = new RandomState(9);
        var model = new Model(random);
        model.Add(new Dense(3, 32, random: random, initScale: 1f));
        model.Add(new ReLU());
        model.Add(new Dense(32, 32, random: random, initScale: 0.5f));
        model.Add(new ReLU());
        model.Add(new Dense(32, 2, random: random, initScale: 0.5f));
        model.Add(new Linear());
        return model;
    }

    private static Model WithDropout(bool dropoutLast)
    {
        var random = new RandomState(10);
        var model = new Model(random);
        model.Add(new Dense(5, 24, random: random, initScale: 1f));
        model.Add(new ReLU());
        model.Add(new Dropout(0.3f, random));
        model.Add(new Dense(24, 4, random: random, initScale: 1f));
        if (dropoutLast)
        {
            model.Add(new Dropout(0.5f, random));
        }
        else
        {
            model.Add(new Softmax());
        }
        return model;
    }

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in new[] { "spiral", "binary", "regression", "dropout", "dropout-last" })
            foreach (int batch in new[] { 1, 7 })
                data.Add(name, batch);
        return data;
    }

    private static Model Build(string name) => name switch
    {
        "spiral" => SpiralClassifier(),
        "binary" => Binary(),
        "regression" => Regression(),
        "dropout" => WithDropout(dropoutLast: false),
        "dropout-last" => WithDropout(dropoutLast: true),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OnnxRuntimeMatchesPredict(string name, int batch)
    {
        var model = Build(name);
        int features = ((Dense)model.Layers[0]).InputCount;
        var x = RandomInputs(batch, features, seed: (uint)(100 + batch));
        var expected = model.Predict(x);
        var (actual, shape) = RunOnnx(OnnxExporter.ToBytes(model), x);
        AssertClose(expected, actual, shape);
    }

    [Fact]
    public void OneFileServesEveryBatchSize()
    {
        var model = SpiralClassifier();
        byte[] onnx = OnnxExporter.ToBytes(model);
        foreach (int batch in new[] { 1, 7, 300 })
        {
            var x = RandomInputs(batch, 2, seed: (uint)batch);
            var (actual, shape) = RunOnnx(onnx, x);
            AssertClose(model.Predict(x), actual, shape);
        }
    }

    [Fact]
    public void ComparisonDetectsAWrongModel()
    {
        var model = Binary();
        var other = Binary();
        ((Dense)other.Layers[2]).Biases.Span[0] += 1e-3f;
        var x = RandomInputs(7, 2, seed: 1);
        var (actual, shape) = RunOnnx(OnnxExporter.ToBytes(other), x);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertClose(model.Predict(x), actual, shape));
    }

    [Fact]
    public void GraphDeclaresNamesDynamicBatchAndProducer()
    {
        using var session = new InferenceSession(OnnxExporter.ToBytes(SpiralClassifier()));
        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("input", input.Key);
        Assert.Equal(new[] { -1, 2 }, input.Value.Dimensions);
        Assert.Equal("N", input.Value.SymbolicDimensions[0]);
        Assert.Equal(typeof(float), input.Value.ElementType);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("output", output.Key);
        Assert.Equal(new[] { -1, 3 }, output.Value.Dimensions);
        Assert.Equal("Nnfs", session.ModelMetadata.ProducerName);
        Assert.Contains("Dense(2→64) → ReLU → Dense(64→3) → Softmax", session.ModelMetadata.Description);
    }

    [Fact]
    public void TopLevelFieldsParseBackWithProtobuf()
    {
        byte[] bytes = OnnxExporter.ToBytes(Binary());
        var fields = new Dictionary<int, List<object>>();
        var reader = new CodedInputStream(bytes);
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            int field = WireFormat.GetTagFieldNumber(tag);
            object value = WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint ? reader.ReadInt64() : reader.ReadBytes();
            (fields.TryGetValue(field, out var list) ? list : fields[field] = []).Add(value);
        }
        Assert.Equal(8L, Assert.Single(fields[1]));
        Assert.Equal("Nnfs", ((ByteString)Assert.Single(fields[2])).ToStringUtf8());
        Assert.StartsWith("Exported by Nnfs ", ((ByteString)Assert.Single(fields[6])).ToStringUtf8());
        var opset = new CodedInputStream(((ByteString)Assert.Single(fields[8])).ToByteArray());
        Assert.Equal(WireFormat.MakeTag(1, WireFormat.WireType.LengthDelimited), opset.ReadTag());
        Assert.Equal("", opset.ReadString());
        Assert.Equal(WireFormat.MakeTag(2, WireFormat.WireType.Varint), opset.ReadTag());
        Assert.Equal(13L, opset.ReadInt64());
        Assert.Single(fields[7]);
    }

    [Fact]
    public void ExportWritesTheBytesAtomically()
    {
        var model = Regression();
        string path = Path.Combine(_directory, "regression.onnx");
        File.WriteAllText(path, "old");
        OnnxExporter.Export(model, path);
        Assert.Equal(OnnxExporter.ToBytes(model), File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_directory));
    }

    private sealed class Doubler : ILayer
    {
        public Matrix Output { get; private set; } = new(0, 0);

        public Matrix DInputs { get; private set; } = new(0, 0);

        public void Forward(Matrix inputs, bool training) => Output = inputs;

        public void Backward(Matrix dvalues) => DInputs = dvalues;
    }

    [Fact]
    public void UnsupportedLayerIsRefusedBeforeWriting()
    {
        var model = Binary();
        model.Add(new Doubler());
        string path = Path.Combine(_directory, "refused.onnx");
        var e = Assert.Throws<NotSupportedException>(() => OnnxExporter.Export(model, path));
        Assert.Contains("layer 4", e.Message);
        Assert.Contains(nameof(Doubler), e.Message);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void EmptyOrMismatchedModelIsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => OnnxExporter.ToBytes(new Model()));
        var model = new Model();
        model.Add(new Dense(2, 8, random: new RandomState(0)));
        model.Add(new ReLU());
        model.Add(new Dense(5, 1, random: new RandomState(0)));
        var e = Assert.Throws<InvalidOperationException>(() => OnnxExporter.ToBytes(model));
        Assert.Contains("layer 2 (Dense) takes 5 inputs, but layer 0 (Dense) gives 8", e.Message);
    }
}
