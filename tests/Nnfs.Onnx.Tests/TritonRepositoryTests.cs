using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Models;
using Nnfs.Onnx;
using Nnfs.Randomness;
using Nnfs.Tensors;
using static Nnfs.Testing.OnnxRuntimeCheck;

namespace Nnfs.Onnx.Tests;

/// <summary>
/// The Triton model repository entry: its config.pbtxt (parsed here as protobuf text format) agrees with the
/// signature ONNX Runtime reads from its model.onnx, and a write is all or nothing.
/// </summary>
public sealed class TritonRepositoryTests : IDisposable
{
    private readonly TempDir _folder = new();

    public void Dispose()
    {
        TritonRepository.BeforeRename = null;
        _folder.Dispose();
    }

    private string Repository => _folder.Combine("models");

    private static Model Regression()
    {
        var random = new RandomState(9);
        var model = new Model(random);
        model.Add(new Dense(3, 16, random: random, initScale: 1f));
        model.Add(new ReLU());
        model.Add(new Dense(16, 2, random: random, initScale: 0.5f));
        model.Add(new Linear());
        return model;
    }

    /// <summary>Every file under <paramref name="folder"/>, relative to it, with '/' separators, sorted.</summary>
    private static string[] Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    /// <summary>A classifier of raw 8×8 images with the book's pixel scaling and class names.</summary>
    private static Model Images()
    {
        var random = new RandomState(13);
        var model = new Model(random);
        model.Add(new Dense(64, 8, random: random, initScale: 0.1f));
        model.Add(new ReLU());
        model.Add(new Dense(8, 4, random: random, initScale: 0.5f));
        model.Add(new Softmax());
        model.Input = InputPreparation.Image(8, 8);
        model.ClassNames = ["circle", "square", "triangle", "star"];
        return model;
    }

    public static TheoryData<string> Models() => ["spiral", "regression", "images"];

    [Theory]
    [MemberData(nameof(Models))]
    public void ConfigAgreesWithTheOnnxSignature(string name)
    {
        var model = name switch { "spiral" => SpiralClassifier(), "regression" => Regression(), _ => Images() };
        string entry = TritonRepository.Write(model, Repository, name, maxBatchSize: 32);

        Assert.Equal(Path.Combine(Path.GetFullPath(Repository), name), entry);
        Assert.Equal(name == "images" ? ["1/model.onnx", "config.pbtxt", "labels.txt"] : new[] { "1/model.onnx", "config.pbtxt" }, Files(entry));
        var config = TextProto.Parse(File.ReadAllText(Path.Combine(entry, "config.pbtxt")));
        Assert.Equal(name, config.Single("name"));
        Assert.Equal("onnxruntime_onnx", config.Single("platform"));
        Assert.Equal("32", config.Single("max_batch_size"));
        Assert.IsType<TextProto>(Assert.Single(config.All("dynamic_batching")));

        using var session = new InferenceSession(File.ReadAllBytes(Path.Combine(entry, "1", "model.onnx")));
        AssertSameTensors(session.InputMetadata, config.All("input"));
        AssertSameTensors(session.OutputMetadata, config.All("output"));
    }

    /// <summary>Names, element type and dims (Triton's leave out the batch dimension, which ONNX must leave free).</summary>
    private static void AssertSameTensors(IReadOnlyDictionary<string, NodeMetadata> onnx, IReadOnlyList<object> config)
    {
        var tensors = config.Cast<TextProto>().ToDictionary(t => (string)t.Single("name"));
        Assert.Equal(onnx.Keys.Order(), tensors.Keys.Order());
        foreach (var (key, metadata) in onnx)
        {
            var tensor = tensors[key];
            Assert.Equal(typeof(float), metadata.ElementType);
            Assert.Equal("TYPE_FP32", tensor.Single("data_type"));
            Assert.Equal(-1, metadata.Dimensions[0]);
            Assert.Equal(metadata.Dimensions[1..].Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                tensor.All("dims").Cast<string>());
        }
    }

    [Fact]
    public void ConfigIsTheDocumentedText()
    {
        const string expected = """
            name: "spiral"
            platform: "onnxruntime_onnx"
            max_batch_size: 128
            input [
              {
                name: "input"
                data_type: TYPE_FP32
                dims: [ 2 ]
              }
            ]
            output [
              {
                name: "output"
                data_type: TYPE_FP32
                dims: [ 3 ]
              }
            ]
            dynamic_batching { }

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), TritonRepository.Config(SpiralClassifier(), "spiral"));
    }

    [Fact]
    public void ClassNamesGoToTheOutputsLabelFile()
    {
        var model = Images();
        string entry = TritonRepository.Write(model, Repository, "images");
        var config = TextProto.Parse(File.ReadAllText(Path.Combine(entry, "config.pbtxt")));
        var output = (TextProto)Assert.Single(config.All("output"));
        Assert.Equal("labels.txt", output.Single("label_filename"));
        Assert.Empty(((TextProto)Assert.Single(config.All("input"))).All("label_filename"));
        Assert.Equal(model.ClassNames, File.ReadAllLines(Path.Combine(entry, "labels.txt")));
        Assert.Empty(TextProto.Parse(TritonRepository.Config(SpiralClassifier(), "spiral")).All("output").Cast<TextProto>().Single().All("label_filename"));

        TritonRepository.Write(model, Repository, "images");
        Assert.Equal(new[] { "images" }, Directory.GetFileSystemEntries(Repository).Select(Path.GetFileName));
    }

    [Fact]
    public void AClassNameWithALineBreakIsRefused()
    {
        var model = Images();
        model.ClassNames = ["circle", "square\nor not", "triangle", "star"];
        var e = Assert.Throws<InvalidOperationException>(() => TritonRepository.Write(model, Repository, "images"));
        Assert.Contains("class name 1 holds a line break", e.Message);
        Assert.False(Path.Exists(Repository));
    }

    [Fact]
    public void TheOnnxFileIsTheExportersAndRunsLikePredict()
    {
        var model = SpiralClassifier();
        string entry = TritonRepository.Write(model, Repository, "spiral");
        byte[] onnx = File.ReadAllBytes(Path.Combine(entry, "1", "model.onnx"));
        Assert.Equal(OnnxExporter.ToBytes(model), onnx);
        var x = RandomInputs(5, 2, seed: 4);
        var (actual, shape) = RunOnnx(onnx, x);
        AssertClose(model.Predict(x), actual, shape);
    }

    [Theory]
    [InlineData("spiral")]
    [InlineData("fashion_mnist")]
    [InlineData("Model-2.v1")]
    [InlineData("_x")]
    public void ValidNames(string name) => Assert.True(TritonRepository.IsValidName(name));

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("-flag")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("modèle")]
    [InlineData("a\"b")]
    public void InvalidNamesAreRefusedBeforeAnythingIsWritten(string name)
    {
        Assert.False(TritonRepository.IsValidName(name));
        var e = Assert.Throws<ArgumentException>(() => TritonRepository.Write(SpiralClassifier(), Repository, name));
        Assert.Contains("not a valid model name", e.Message);
        Assert.False(Path.Exists(Repository));
    }

    [Fact]
    public void NameLengthIsBounded()
    {
        Assert.True(TritonRepository.IsValidName(new string('a', TritonRepository.MaxNameLength)));
        Assert.False(TritonRepository.IsValidName(new string('a', TritonRepository.MaxNameLength + 1)));
    }

    [Fact]
    public void MaxBatchSizeBelowOneIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TritonRepository.Write(SpiralClassifier(), Repository, "spiral", maxBatchSize: 0));
        Assert.False(Path.Exists(Repository));
    }

    [Fact]
    public void AnUnsupportedModelCreatesNothing()
    {
        Assert.Throws<InvalidOperationException>(() => TritonRepository.Write(new Model(), Repository, "empty"));
        Assert.False(Path.Exists(Repository));
    }

    [Fact]
    public void AFailureAtTheLastStepLeavesTheRepositoryAsItWas()
    {
        TritonRepository.Write(Regression(), Repository, "other");
        var before = Files(Repository);
        TritonRepository.BeforeRename = staging =>
        {
            Assert.True(File.Exists(Path.Combine(staging, "1", "model.onnx")));
            throw new IOException("disk full");
        };
        Assert.Throws<IOException>(() => TritonRepository.Write(SpiralClassifier(), Repository, "spiral"));
        Assert.Equal(before, Files(Repository));
        Assert.Equal(new[] { "other" }, Directory.GetDirectories(Repository).Select(Path.GetFileName));
    }

    [Fact]
    public void AFailedReplacementKeepsThePreviousExport()
    {
        string entry = TritonRepository.Write(Regression(), Repository, "model");
        byte[] previous = File.ReadAllBytes(Path.Combine(entry, "1", "model.onnx"));
        TritonRepository.BeforeRename = _ => throw new IOException("disk full");
        Assert.Throws<IOException>(() => TritonRepository.Write(SpiralClassifier(), Repository, "model"));
        Assert.Equal(previous, File.ReadAllBytes(Path.Combine(entry, "1", "model.onnx")));
        Assert.Equal(new[] { "model" }, Directory.GetDirectories(Repository).Select(Path.GetFileName));
    }

    [Fact]
    public void APreviousExportIsReplacedWithoutLeftovers()
    {
        TritonRepository.Write(Regression(), Repository, "model");
        var model = SpiralClassifier();
        string entry = TritonRepository.Write(model, Repository, "model");
        Assert.Equal(OnnxExporter.ToBytes(model), File.ReadAllBytes(Path.Combine(entry, "1", "model.onnx")));
        Assert.Contains("dims: [ 3 ]", File.ReadAllText(Path.Combine(entry, "config.pbtxt")));
        Assert.Equal(new[] { "model" }, Directory.GetFileSystemEntries(Repository).Select(Path.GetFileName));
    }

    [Fact]
    public void AnEntryWithOtherFilesIsNotReplaced()
    {
        string entry = Path.Combine(Repository, "model");
        Directory.CreateDirectory(Path.Combine(entry, "2"));
        File.WriteAllText(Path.Combine(entry, "2", "model.onnx"), "someone else's");
        var e = Assert.Throws<IOException>(() => TritonRepository.Write(SpiralClassifier(), Repository, "model"));
        Assert.Contains("nnfs did not write", e.Message);
        Assert.Equal(new[] { "2/model.onnx" }, Files(entry));
        Assert.Equal(new[] { "model" }, Directory.GetFileSystemEntries(Repository).Select(Path.GetFileName));
    }

    [Fact]
    public void ARepositoryThatIsAFileIsRefused()
    {
        File.WriteAllText(_folder.Combine("file"), "x");
        var e = Assert.Throws<IOException>(() => TritonRepository.Write(SpiralClassifier(), _folder.Combine("file"), "spiral"));
        Assert.Contains("is a file", e.Message);
    }

    [Fact]
    public void LeftoversOfAnInterruptedWriteAreRemovedAndNothingElse()
    {
        Directory.CreateDirectory(Path.Combine(Repository, ".spiral.tmp-0123456789ab", "1"));
        Directory.CreateDirectory(Path.Combine(Repository, ".spiral.old-ba9876543210"));
        Directory.CreateDirectory(Path.Combine(Repository, ".spiral.tmp-mine"));
        Directory.CreateDirectory(Path.Combine(Repository, ".other.tmp-0123456789ab"));
        TritonRepository.Write(SpiralClassifier(), Repository, "spiral");
        Assert.Equal(new[] { ".other.tmp-0123456789ab", ".spiral.tmp-mine", "spiral" },
            Directory.GetDirectories(Repository).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A protobuf text-format message as Triton reads config.pbtxt: <c>field: scalar</c>, <c>field: [ scalars ]</c>,
    /// <c>field { message }</c> and <c>field [ { message }, … ]</c>; each field maps to its values in order (strings
    /// unquoted, other scalars as written, messages as <see cref="TextProto"/>).
    /// </summary>
    private sealed class TextProto
    {
        private static readonly Regex Token = new(@"\s*(""(?:[^""\\]|\\.)*""|[{}\[\]:,]|[^\s{}\[\]:,""]+)", RegexOptions.Compiled);

        private readonly Dictionary<string, List<object>> _fields = [];

        public IReadOnlyList<object> All(string field) => _fields.TryGetValue(field, out var values) ? values : [];

        public object Single(string field) => Assert.Single(All(field));

        public static TextProto Parse(string text)
        {
            var matches = Token.Matches(text);
            int covered = 0;
            foreach (Match match in matches)
            {
                Assert.Equal(covered, match.Index);
                covered = match.Index + match.Length;
            }
            Assert.True(string.IsNullOrWhiteSpace(text[covered..]), $"unreadable text from character {covered}");
            var tokens = matches.Select(m => m.Groups[1].Value).ToList();
            int position = 0;
            var message = ReadMessage(tokens, ref position, end: null);
            Assert.Equal(tokens.Count, position);
            return message;
        }

        private static TextProto ReadMessage(List<string> tokens, ref int position, string? end)
        {
            var message = new TextProto();
            while (position < tokens.Count && tokens[position] != end)
            {
                string field = tokens[position++];
                Assert.Matches("^[a-z_]+$", field);
                var values = message._fields.TryGetValue(field, out var list) ? list : message._fields[field] = [];
                if (tokens[position] == ":")
                {
                    position++;
                    if (tokens[position] == "[") ReadList(tokens, ref position, values, messages: false);
                    else values.Add(Scalar(tokens[position++]));
                }
                else if (tokens[position] == "{")
                {
                    position++;
                    values.Add(ReadMessage(tokens, ref position, "}"));
                    position++;
                }
                else
                {
                    ReadList(tokens, ref position, values, messages: true);
                }
            }
            return message;
        }

        private static void ReadList(List<string> tokens, ref int position, List<object> values, bool messages)
        {
            Assert.Equal("[", tokens[position++]);
            while (tokens[position] != "]")
            {
                if (messages)
                {
                    Assert.Equal("{", tokens[position++]);
                    values.Add(ReadMessage(tokens, ref position, "}"));
                    position++;
                }
                else
                {
                    values.Add(Scalar(tokens[position++]));
                }
                if (tokens[position] == ",") position++;
            }
            position++;
        }

        private static string Scalar(string token) => token.StartsWith('"') ? Regex.Unescape(token[1..^1]) : token;
    }
}
