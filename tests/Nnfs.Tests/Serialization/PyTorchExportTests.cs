using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Models;
using Nnfs.Randomness;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Tests.Serialization;

/// <summary>
/// The PyTorch state dict: keys, shapes and transposed values read back with a JSON parser independent of the
/// library's reader, and (where python3-torch is installed) loaded into the nn.Sequential and run by PyTorch.
/// </summary>
public sealed class PyTorchExportTests
{
    private const string SpiralSequential = "nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 3), nn.Softmax(dim=1))";

    private const string DropoutSequential =
        "nn.Sequential(nn.Linear(5, 24), nn.ReLU(), nn.Dropout(p=0.3), nn.Linear(24, 16), nn.Sigmoid(), nn.Linear(16, 2), nn.Identity())";

    private static Model DropoutModel()
    {
        var random = new RandomState(11);
        var model = new Model(random);
        model.Add(new Dense(5, 24, random: random, initScale: 1f));
        model.Add(new ReLU());
        model.Add(new Dropout(0.3f, random));
        model.Add(new Dense(24, 16, random: random, initScale: 1f));
        model.Add(new Sigmoid());
        model.Add(new Dense(16, 2, random: random, initScale: 1f));
        model.Add(new Linear());
        RandomizeBiases(model, random);
        return model;
    }

    /// <summary>Fresh dense layers have zero biases; random ones make a bias in the wrong place visible.</summary>
    private static void RandomizeBiases(Model model, RandomState random)
    {
        foreach (var dense in model.Layers.OfType<Dense>()) random.Randn(dense.Biases.Span);
    }

    private static byte[] ToBytes(Model model)
    {
        using var stream = new MemoryStream();
        PyTorchExport.Write(model, stream);
        return stream.ToArray();
    }

    /// <summary>A safetensors file as its specification describes it, parsed without the library.</summary>
    private sealed record Parsed(int HeaderLength, Dictionary<string, string> Metadata, List<(string Key, int[] Shape, long Begin, long End)> Tensors, byte[] Data)
    {
        public float[] Values(string key)
        {
            var t = Tensors.Single(t => t.Key == key);
            var bytes = Data.AsSpan((int)t.Begin, (int)(t.End - t.Begin));
            var values = new float[bytes.Length / 4];
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
            return values;
        }

        public int[] Shape(string key) => Tensors.Single(t => t.Key == key).Shape;
    }

    private static Parsed Parse(byte[] bytes)
    {
        int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        string text = Encoding.UTF8.GetString(bytes, 8, length);
        Assert.StartsWith("{", text);
        Assert.EndsWith("}", text.TrimEnd(' '));
        using var header = JsonDocument.Parse(text);
        var metadata = new Dictionary<string, string>();
        var tensors = new List<(string, int[], long, long)>();
        foreach (var property in header.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                foreach (var item in property.Value.EnumerateObject()) metadata[item.Name] = item.Value.GetString()!;
                continue;
            }
            Assert.Equal("F32", property.Value.GetProperty("dtype").GetString());
            int[] shape = property.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            long[] offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            tensors.Add((property.Name, shape, offsets[0], offsets[1]));
        }
        return new Parsed(length, metadata, tensors, bytes[(8 + length)..]);
    }

    [Fact]
    public void KeysAreTheSequentialIndicesOfTheLinearModules()
    {
        var spiral = Parse(ToBytes(OnnxRuntimeCheck.SpiralClassifier()));
        Assert.Equal(new[] { "0.bias", "0.weight", "2.bias", "2.weight" }, spiral.Tensors.Select(t => t.Key).Order());
        var dropout = Parse(ToBytes(DropoutModel()));
        Assert.Equal(new[] { "0.bias", "0.weight", "3.bias", "3.weight", "5.bias", "5.weight" }, dropout.Tensors.Select(t => t.Key).Order());
    }

    [Fact]
    public void WeightsAreOutByInAndBiasesOneDimensional()
    {
        var file = Parse(ToBytes(DropoutModel()));
        Assert.Equal(new[] { 24, 5 }, file.Shape("0.weight"));
        Assert.Equal(new[] { 24 }, file.Shape("0.bias"));
        Assert.Equal(new[] { 16, 24 }, file.Shape("3.weight"));
        Assert.Equal(new[] { 16 }, file.Shape("3.bias"));
        Assert.Equal(new[] { 2, 16 }, file.Shape("5.weight"));
        Assert.Equal(new[] { 2 }, file.Shape("5.bias"));
    }

    [Fact]
    public void ValuesAreTheTransposedWeightsAndTheBiasesBitForBit()
    {
        var model = DropoutModel();
        var file = Parse(ToBytes(model));
        foreach (int i in new[] { 0, 3, 5 })
        {
            var dense = (Dense)model.Layers[i];
            float[] weight = file.Values($"{i}.weight");
            for (int input = 0; input < dense.InputCount; input++)
                for (int neuron = 0; neuron < dense.Neurons; neuron++)
                    Assert.Equal(BitConverter.SingleToInt32Bits(dense.Weights[input, neuron]),
                        BitConverter.SingleToInt32Bits(weight[neuron * dense.InputCount + input]));
            Assert.Equal(dense.Biases.Span.ToArray(), file.Values($"{i}.bias"));
        }
    }

    [Fact]
    public void TensorsCoverTheDataSectionInLayerOrderAfterAnAlignedHeader()
    {
        var file = Parse(ToBytes(DropoutModel()));
        Assert.Equal(0, file.HeaderLength % 8);
        Assert.Equal(new[] { "0.weight", "0.bias", "3.weight", "3.bias", "5.weight", "5.bias" },
            file.Tensors.OrderBy(t => t.Begin).Select(t => t.Key));
        long next = 0;
        foreach (var t in file.Tensors.OrderBy(t => t.Begin))
        {
            Assert.Equal(next, t.Begin);
            Assert.Equal(4L * t.Shape.Aggregate(1, (a, b) => a * b), t.End - t.Begin);
            next = t.End;
        }
        Assert.Equal(file.Data.Length, next);
    }

    [Fact]
    public void MetadataNamesTheFormatAndTheSequential()
    {
        var file = Parse(ToBytes(DropoutModel()));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(DropoutSequential, file.Metadata["nnfs.sequential"]);
        Assert.Equal(SpiralSequential, PyTorchExport.Sequential(OnnxRuntimeCheck.SpiralClassifier()));
    }

    [Fact]
    public void MetadataCarriesTheRecordedInputAndClassNames()
    {
        var model = DropoutModel();
        Assert.False(Parse(ToBytes(model)).Metadata.ContainsKey("nnfs.input"));
        model.Input = Nnfs.Datasets.InputPreparation.Features(5, ["a", "b", "c", "d", "e"],
            Nnfs.Datasets.Standardizer.FromStatistics([1f, 2f, 3f, 4f, 5f], [0.5f, 1f, 2f, 4f, 8f]));
        model.ClassNames = ["yes", "no"];
        var metadata = Parse(ToBytes(model)).Metadata;
        using var input = JsonDocument.Parse(metadata["nnfs.input"]);
        Assert.Equal("features", input.RootElement.GetProperty("kind").GetString());
        Assert.Equal(new[] { 1f, 2f, 3f, 4f, 5f }, input.RootElement.GetProperty("center").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal(new[] { 0.5f, 1f, 2f, 4f, 8f }, input.RootElement.GetProperty("scale").EnumerateArray().Select(v => v.GetSingle()));
        Assert.Equal(new[] { "yes", "no" }, JsonSerializer.Deserialize<string[]>(metadata["nnfs.class_names"]));
    }

    [Fact]
    public void ItIsNotAModelFile()
    {
        using var folder = new TempDir();
        string path = folder.Combine("weights.safetensors");
        PyTorchExport.Write(DropoutModel(), path);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Assert.Contains("weights.safetensors", e.Message);
    }

    [Fact]
    public void WriteToAPathWritesTheStreamBytesAtomically()
    {
        using var folder = new TempDir();
        string path = folder.Combine("weights.safetensors");
        File.WriteAllText(path, "old");
        var model = DropoutModel();
        PyTorchExport.Write(model, path);
        Assert.Equal(ToBytes(model), File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
    }

    private sealed class Doubler : ILayer
    {
        public Matrix Output { get; private set; } = new(0, 0);

        public Matrix DInputs { get; private set; } = new(0, 0);

        public void Forward(Matrix inputs, bool training) => Output = inputs;

        public void Backward(Matrix dvalues) => DInputs = dvalues;
    }

    [Fact]
    public void RefusalsWriteNothing()
    {
        using var folder = new TempDir();
        string path = folder.Combine("refused.safetensors");

        var unknown = DropoutModel();
        unknown.Add(new Doubler());
        var e = Assert.Throws<NotSupportedException>(() => PyTorchExport.Write(unknown, path));
        Assert.Contains("layer 7", e.Message);
        Assert.Contains(nameof(Doubler), e.Message);

        Assert.Throws<InvalidOperationException>(() => PyTorchExport.Write(new Model(), path));

        var mismatched = new Model();
        mismatched.Add(new Dense(2, 8, random: new RandomState(0)));
        mismatched.Add(new ReLU());
        mismatched.Add(new Dense(5, 1, random: new RandomState(0)));
        var m = Assert.Throws<InvalidOperationException>(() => PyTorchExport.Write(mismatched, path));
        Assert.Contains("layer 2 (Dense) takes 5 inputs, but layer 0 (Dense) gives 8", m.Message);

        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    public static TheoryData<string> Models() => ["spiral", "dropout"];

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void PyTorchLoadsTheStateDictStrictlyAndPredictsTheSame(string name)
    {
        var (model, sequential, features) = name == "spiral"
            ? (OnnxRuntimeCheck.SpiralClassifier(), SpiralSequential, 2)
            : (DropoutModel(), DropoutSequential, 5);
        using var folder = new TempDir();
        string weights = folder.Combine("weights.safetensors"), inputs = folder.Combine("x.f32"), outputs = folder.Combine("y.f32");
        PyTorchExport.Write(model, weights);
        var x = OnnxRuntimeCheck.RandomInputs(9, features, seed: 3);
        WriteFloats(inputs, x.Span);

        PythonTorch.Run(Path.Combine(TestData.RepositoryRoot, "tests", "Nnfs.Tests", "Serialization", "pytorch_load_state_dict.py"),
            weights, sequential, inputs, "9", features.ToString(System.Globalization.CultureInfo.InvariantCulture), outputs);

        var expected = model.Predict(x).Span;
        float[] actual = ReadFloats(outputs);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"element {i}: Predict {expected[i]:R}, PyTorch {actual[i]:R}");
    }

    private static void WriteFloats(string path, ReadOnlySpan<float> values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        File.WriteAllBytes(path, bytes);
    }

    private static float[] ReadFloats(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        return values;
    }
}
