using System.Text.Json;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Inference;
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

    /// <summary>A Fashion-MNIST-shaped classifier (784 → 32 → 10) that records the book's pixel scaling and class names.</summary>
    private static Model ImageClassifier()
    {
        var random = new RandomState(12);
        var model = new Model(random);
        model.Add(new Dense(784, 32, random: random, initScale: 0.05f));
        model.Add(new ReLU());
        model.Add(new Dense(32, 10, random: random, initScale: 0.2f));
        model.Add(new Softmax());
        foreach (var dense in model.Layers.OfType<Dense>()) random.Randn(dense.Biases.Span);
        model.Input = InputPreparation.Image(28, 28);
        model.ClassNames = IdxDataset.FashionMnist.ClassNames!;
        return model;
    }

    /// <summary>Raw pixels: whole numbers 0–255.</summary>
    private static Matrix RawPixels(int rows, uint seed)
    {
        var x = new Matrix(rows, 784);
        var random = new RandomState(seed);
        for (int i = 0; i < x.Length; i++) x.Span[i] = random.NextUInt32() % 256;
        return x;
    }

    /// <summary>A tabular classifier (4 features → 16 → 3) with a Standardizer fitted on raw features far from 0 and 1.</summary>
    private static (Model Model, Matrix Raw) TabularClassifier()
    {
        var raw = RandomInputs(50, 4, seed: 21);
        var random = new RandomState(22);
        for (int r = 0; r < raw.Rows; r++)
            for (int c = 0; c < 4; c++) raw[r, c] = raw[r, c] * (c + 1) * 3 + 10 * c - 5;
        var model = new Model(random);
        model.Add(new Dense(4, 16, random: random, initScale: 1f));
        model.Add(new ReLU());
        model.Add(new Dense(16, 3, random: random, initScale: 1f));
        model.Add(new Softmax());
        model.Input = InputPreparation.Features(4, ["sepal length", "sepal width", "petal length", "petal width"], Standardizer.Fit(raw));
        model.ClassNames = ["setosa", "versicolor", "virginica"];
        return (model, raw);
    }

    private static void AssertMaxAbsDiff(Matrix expected, float[] actual, long[] shape, float bound = 1e-5f)
    {
        Assert.Equal(new long[] { expected.Rows, expected.Columns }, shape);
        var e = expected.Span;
        float worst = 0;
        for (int i = 0; i < e.Length; i++) worst = Math.Max(worst, Math.Abs(e[i] - actual[i]));
        Assert.True(worst <= bound, $"max abs difference {worst:R} > {bound:R}");
    }

    [Fact]
    public void AnImageModelTakesRawPixelsAndMatchesThePredictor()
    {
        var model = ImageClassifier();
        var raw = RawPixels(9, seed: 5);
        var (actual, shape) = RunOnnx(OnnxExporter.ToBytes(model), raw);
        AssertMaxAbsDiff(new Predictor(model).Predict(raw), actual, shape);
    }

    [Fact]
    public void ATabularModelTakesRawFeaturesAndMatchesThePredictor()
    {
        var (model, raw) = TabularClassifier();
        var (actual, shape) = RunOnnx(OnnxExporter.ToBytes(model), raw);
        AssertMaxAbsDiff(new Predictor(model).Predict(raw), actual, shape);
    }

    [Fact]
    public void ComparisonDetectsAMissingPreprocessing()
    {
        var model = ImageClassifier();
        var predictor = new Predictor(model);
        model.Input = null;
        var raw = RawPixels(9, seed: 5);
        var (actual, shape) = RunOnnx(OnnxExporter.ToBytes(model), raw);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertMaxAbsDiff(predictor.Predict(raw), actual, shape));
    }

    /// <summary>The graph's nodes (op type and inputs) and initializers (name and dims), parsed with Google.Protobuf.</summary>
    private static (List<(string Op, List<string> Inputs)> Nodes, Dictionary<string, List<long>> Initializers) Graph(byte[] model)
    {
        var nodes = new List<(string, List<string>)>();
        var initializers = new Dictionary<string, List<long>>();
        foreach (var (field, graph) in Fields(model))
        {
            if (field != 7) continue;
            foreach (var (g, value) in Fields(((ByteString)graph).ToByteArray()))
            {
                if (g == 1)
                {
                    var inputs = new List<string>();
                    string op = "";
                    foreach (var (n, v) in Fields(((ByteString)value).ToByteArray()))
                    {
                        if (n == 1) inputs.Add(((ByteString)v).ToStringUtf8());
                        if (n == 4) op = ((ByteString)v).ToStringUtf8();
                    }
                    nodes.Add((op, inputs));
                }
                else if (g == 5)
                {
                    var dims = new List<long>();
                    string name = "";
                    foreach (var (t, v) in Fields(((ByteString)value).ToByteArray()))
                    {
                        if (t == 1) dims.Add((long)v);
                        if (t == 8) name = ((ByteString)v).ToStringUtf8();
                    }
                    initializers[name] = dims;
                }
            }
        }
        return (nodes, initializers);
    }

    private static List<(int Field, object Value)> Fields(byte[] message)
    {
        var fields = new List<(int, object)>();
        var reader = new CodedInputStream(message);
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            object value = WireFormat.GetTagWireType(tag) switch
            {
                WireFormat.WireType.Varint => reader.ReadInt64(),
                WireFormat.WireType.Fixed32 => reader.ReadFixed32(),
                WireFormat.WireType.Fixed64 => reader.ReadFixed64(),
                _ => reader.ReadBytes(),
            };
            fields.Add((WireFormat.GetTagFieldNumber(tag), value));
        }
        return fields;
    }

    [Fact]
    public void PreprocessingIsSubThenDivWithInitializersOfTheInputLength()
    {
        var (nodes, initializers) = Graph(OnnxExporter.ToBytes(ImageClassifier()));
        Assert.Equal("Sub", nodes[0].Op);
        Assert.Equal(new[] { "input", "input.center" }, nodes[0].Inputs);
        Assert.Equal("Div", nodes[1].Op);
        Assert.Equal("Gemm", nodes[2].Op);
        Assert.Equal(new[] { "input.centered", "input.scale" }, nodes[1].Inputs);
        Assert.Equal("input.prepared", nodes[2].Inputs[0]);
        Assert.Equal(new List<long> { 784 }, initializers["input.center"]);
        Assert.Equal(new List<long> { 784 }, initializers["input.scale"]);
    }

    [Fact]
    public void IdentityPreprocessingAddsNoNode()
    {
        var model = Binary();
        var without = Graph(OnnxExporter.ToBytes(model));
        model.Input = InputPreparation.Features(2, ["x", "y"]);
        var with = Graph(OnnxExporter.ToBytes(model));
        Assert.Equal(without.Nodes.Select(n => n.Op), with.Nodes.Select(n => n.Op));
        Assert.Equal(without.Initializers.Keys.Order(), with.Initializers.Keys.Order());
        Assert.Equal("Gemm", with.Nodes[0].Op);
    }

    [Fact]
    public void MetadataHoldsTheInputAndTheClassNames()
    {
        using (var session = new InferenceSession(OnnxExporter.ToBytes(ImageClassifier())))
        {
            var metadata = session.ModelMetadata.CustomMetadataMap;
            Assert.Equal(IdxDataset.FashionMnist.ClassNames, JsonSerializer.Deserialize<string[]>(metadata["nnfs.class_names"]));
            using var input = JsonDocument.Parse(metadata["nnfs.input"]);
            Assert.Equal("image", input.RootElement.GetProperty("kind").GetString());
            Assert.Equal(28, input.RootElement.GetProperty("height").GetInt32());
            Assert.Equal(28, input.RootElement.GetProperty("width").GetInt32());
            Assert.Equal(new[] { -1, 784 }, session.InputMetadata["input"].Dimensions);
            Assert.Contains("image 28×28, (x − 127.5) / 127.5 (in the graph)", session.ModelMetadata.Description);
        }
        using (var session = new InferenceSession(OnnxExporter.ToBytes(TabularClassifier().Model)))
        {
            var metadata = session.ModelMetadata.CustomMetadataMap;
            Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, JsonSerializer.Deserialize<string[]>(metadata["nnfs.class_names"]));
            using var input = JsonDocument.Parse(metadata["nnfs.input"]);
            Assert.Equal("features", input.RootElement.GetProperty("kind").GetString());
            Assert.Equal(4, input.RootElement.GetProperty("count").GetInt32());
            Assert.Equal("petal width", input.RootElement.GetProperty("names")[3].GetString());
        }
        using (var session = new InferenceSession(OnnxExporter.ToBytes(Binary())))
            Assert.Empty(session.ModelMetadata.CustomMetadataMap);
    }

    [Fact]
    public void AnInputThatDoesNotFitTheFirstLayerIsRefused()
    {
        var model = Binary();
        model.Input = InputPreparation.Features(3);
        var e = Assert.Throws<InvalidOperationException>(() => OnnxExporter.ToBytes(model));
        Assert.Contains("has 3 values per sample but the first dense layer takes 2", e.Message);
    }
}
