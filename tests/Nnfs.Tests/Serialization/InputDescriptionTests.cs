using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Models;
using Nnfs.Randomness;
using Nnfs.Serialization;
using Nnfs.Tensors;
using Nnfs.Testing;

namespace Nnfs.Tests.Serialization;

/// <summary>The model file's <c>input</c>, <c>class_names</c> and <c>nnfs_version</c> metadata (format version 2).</summary>
public sealed class InputDescriptionTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Model Network(int inputs, int outputs, ILayer? last = null)
    {
        var random = new RandomState(5);
        var model = new Model();
        model.Add(new Dense(inputs, 8, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(8, outputs, random: random));
        model.Add(last ?? new Softmax());
        model.Build();
        return model;
    }

    private string Saved(Model model)
    {
        string path = _dir.Combine($"m-{Guid.NewGuid():N}.nnfs");
        ModelFile.Save(model, path);
        return path;
    }

    [Fact]
    public void ImageInputAndClassNamesRoundTrip()
    {
        var model = Network(12, 3);
        model.Input = InputPreparation.Image(3, 4);
        model.ClassNames = ["cat", "dög", "\"quoted\""];
        var loaded = ModelFile.Load(Saved(model));
        var input = loaded.Input!;
        Assert.Equal((InputKind.Image, 3, 4, 12, false), (input.Kind, input.Height, input.Width, input.Length, input.IsIdentity));
        Assert.Equal(model.Input.Center, input.Center);
        Assert.Equal(model.Input.Scale, input.Scale);
        Assert.Equal(["cat", "dög", "\"quoted\""], loaded.ClassNames!);
    }

    [Fact]
    public void StandardizedFeaturesRoundTripBitForBit()
    {
        var data = new Matrix(20, 3);
        new RandomState(9).Randn(data.Span);
        var standardizer = Standardizer.Fit(data);
        var model = Network(3, 2);
        model.Input = InputPreparation.Features(3, ["sepal", "petal", "stem"], standardizer);
        var loaded = ModelFile.Load(Saved(model)).Input!;
        Assert.Equal(InputKind.Features, loaded.Kind);
        Assert.Equal(["sepal", "petal", "stem"], loaded.FeatureNames!);
        Assert.Equal(standardizer.Mean.Select(BitConverter.SingleToInt32Bits), loaded.Center.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(standardizer.Std.Select(BitConverter.SingleToInt32Bits), loaded.Scale.Select(BitConverter.SingleToInt32Bits));

        model.Input = InputPreparation.Features(3).WithScaling(0.1f, 3f);
        var uniform = ModelFile.Load(Saved(model)).Input!;
        Assert.Null(uniform.FeatureNames);
        Assert.Equal([0.1f, 0.1f, 0.1f], uniform.Center);
        Assert.Equal([3f, 3f, 3f], uniform.Scale);
    }

    [Fact]
    public void FilesWithoutThemLoadWithNullsAndTheWriterVersionIsRecorded()
    {
        string path = Saved(Network(2, 3));
        var loaded = ModelFile.Load(path);
        Assert.Null(loaded.Input);
        Assert.Null(loaded.ClassNames);
        var metadata = SafeTensorsReader.ReadFile(path).Metadata;
        Assert.False(metadata.ContainsKey(ModelFile.InputKey));
        Assert.False(metadata.ContainsKey(ModelFile.ClassNamesKey));
        Assert.Equal(ModelFile.LibraryVersion, metadata[ModelFile.WriterVersionKey]);
        // MinVer: file version major.minor.patch.0, informational version major.minor.patch[-pre]+commit.
        var fileVersion = typeof(Model).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyFileVersionAttribute), false).OfType<System.Reflection.AssemblyFileVersionAttribute>().Single().Version;
        Assert.StartsWith(Version.Parse(fileVersion).ToString(3), ModelFile.LibraryVersion);
        ModelFile.Load(ModelFileSamples.GoldenPath("numpy_model_v2.nnfs"));
    }

    [Fact]
    public void ASingleSigmoidOutputTakesTwoClassNames()
    {
        var model = Network(2, 1, new Sigmoid());
        model.ClassNames = ["no", "yes"];
        Assert.Equal(["no", "yes"], ModelFile.Load(Saved(model)).ClassNames!);
        model.ClassNames = ["yes"];
        Assert.Contains("1 class names are recorded but the model's outputs stand for 2 classes",
            Assert.Throws<InvalidOperationException>(() => Saved(model)).Message);
    }

    [Fact]
    public void SavingRefusesAnInputOrClassNamesThatDoNotFitTheLayers()
    {
        var model = Network(4, 3);
        model.Input = InputPreparation.Image(28, 28);
        string path = _dir.Combine("refused.nnfs");
        var ex = Assert.Throws<InvalidOperationException>(() => ModelFile.Save(model, path));
        Assert.Contains("784 values per sample but the first dense layer takes 4", ex.Message);
        Assert.False(File.Exists(path));
        model.Input = null;
        model.ClassNames = ["a", "b"];
        Assert.Contains("2 class names", Assert.Throws<InvalidOperationException>(() => ModelFile.Save(model, path)).Message);
        Assert.Throws<ArgumentException>(() => model.ClassNames = ["a", null!, "c"]);
    }

    private string WithMetadata(Action<Dictionary<string, string>> change)
    {
        var model = Network(4, 3);
        model.Input = InputPreparation.Features(4);
        model.ClassNames = ["a", "b", "c"];
        string path = Saved(model);
        var file = SafeTensorsReader.ReadFile(path);
        var metadata = file.Metadata.ToDictionary();
        change(metadata);
        SafeTensorsWriter.WriteFile(path, new SafeTensorsFile(file.Tensors, metadata));
        return path;
    }

    public static TheoryData<string, string, string> BadEntries => new()
    {
        { "input", "{", "the 'input' metadata is not valid JSON" },
        { "input", "[]", "the input must be a JSON object" },
        { "input", """{"kind":"video","count":4,"center":0,"scale":1}""", "the input has the unknown kind 'video'" },
        { "input", """{"kind":"features","count":4,"names":null,"center":0}""", "the input lacks the field 'scale'" },
        { "input", """{"kind":"features","count":4,"names":null,"center":0,"scale":0}""", "field 'scale' is 0" },
        { "input", """{"kind":"features","count":4,"names":null,"center":"0","scale":1}""", "field 'center' must be a number or an array" },
        { "input", """{"kind":"features","count":4,"names":null,"center":[0,0,0],"scale":1}""", "field 'center' has 3 values for 4" },
        { "input", """{"kind":"features","count":4,"names":null,"center":[0,0,0,1e39],"scale":1}""", "field 'center' value 3 must be a finite float32" },
        { "input", """{"kind":"features","count":4,"names":["a"],"center":0,"scale":1}""", "has 1 feature names for 4 values" },
        { "input", """{"kind":"features","count":4,"names":[1,2,3,4],"center":0,"scale":1}""", "as strings" },
        { "input", """{"kind":"features","count":4,"names":null,"center":0,"scale":1,"extra":1}""", "the input has the unknown field 'extra'" },
        { "input", """{"kind":"features","count":0,"names":null,"center":0,"scale":1}""", "has 0 features" },
        { "input", """{"kind":"features","count":5,"names":null,"center":0,"scale":1}""", "5 values per sample but the first dense layer takes 4" },
        { "input", """{"kind":"image","height":2,"width":2,"center":0,"scale":1}""", "" },
        { "input", """{"kind":"image","height":65536,"width":65536,"center":0,"scale":1}""", "each side must be at least 1" },
        { "input", """{"kind":"image","height":-2,"width":-2,"center":0,"scale":1}""", "each side must be at least 1" },
        { "input", """{"kind":"features","count":4,"names":["\ud800","b","c","d"],"center":0,"scale":1}""", "lone UTF-16 surrogate" },
        { "class_names", "[\"a\",\"b\"]", "2 class names are recorded but the model's outputs stand for 3 classes" },
        { "class_names", "{\"a\":1}", "must be an array of class names" },
        { "class_names", "[\"a\",\"b\",null]", "must list class names as strings" },
        { "class_names", "", "not valid JSON" },
        { "nnfs_version", "", "the 'nnfs_version' metadata must be a version" },
        { "nnfs_version", "1.0\n", "the 'nnfs_version' metadata must be a version" },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void BadEntriesAreRefusedNamingTheFile(string key, string value, string problem)
    {
        string path = WithMetadata(m => m[key] = value);
        if (problem.Length == 0)
        {
            Assert.Equal(InputKind.Image, ModelFile.Load(path).Input!.Kind);
            return;
        }
        var ex = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Assert.Contains(problem, ex.Message);
        Assert.Contains(Path.GetFileName(path), ex.Message);
    }
}
