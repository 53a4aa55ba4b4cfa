using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Nnfs.Serialization;

namespace Nnfs.Cli.Tests.Commands;

public sealed class ExportCommandTests
{
    private static (int Code, string Output, string Error) Invoke(params string[] args) => CliRunner.Invoke(args);

    [Fact]
    public void ExportsASavedModelThatOnnxRuntimeRuns()
    {
        string folder = CliRunner.TempFolder();
        var model = OnnxRuntimeCheck.SpiralClassifier();
        string modelPath = Path.Combine(folder, "spiral.nnfs"), onnxPath = Path.Combine(folder, "spiral.onnx");
        ModelFile.Save(model, modelPath);

        var (code, output, error) = Invoke("export", modelPath, "--onnx", onnxPath);

        Assert.True(code == 0, error);
        Assert.Contains("wrote", output);
        var x = OnnxRuntimeCheck.RandomInputs(7, 2, seed: 5);
        var (actual, shape) = OnnxRuntimeCheck.RunOnnx(File.ReadAllBytes(onnxPath), x);
        OnnxRuntimeCheck.AssertClose(model.Predict(x), actual, shape);
    }

    [Fact]
    public void MissingModelOrOptionIsAnError()
    {
        string folder = CliRunner.TempFolder();
        var (code, _, error) = Invoke("export", Path.Combine(folder, "none.nnfs"), "--onnx", Path.Combine(folder, "x.onnx"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error);
        Assert.NotEqual(0, Invoke("export", Path.Combine(folder, "none.nnfs")).Code);
        Assert.Empty(Directory.GetFiles(folder));
    }

    private static (string Folder, string ModelPath) SavedSpiral(string fileName = "spiral.nnfs")
    {
        string folder = CliRunner.TempFolder();
        string modelPath = Path.Combine(folder, fileName);
        ModelFile.Save(OnnxRuntimeCheck.SpiralClassifier(), modelPath);
        return (folder, modelPath);
    }

    [Fact]
    public void WritesPyTorchWeightsAndPrintsTheSequential()
    {
        var (folder, modelPath) = SavedSpiral();
        string weights = Path.Combine(folder, "out", "spiral.safetensors");

        var (code, output, error) = Invoke("export", modelPath, "--safetensors", weights, "--layout", "pytorch");

        Assert.True(code == 0, error);
        Assert.Contains("nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 3), nn.Softmax(dim=1))", output);
        byte[] bytes = File.ReadAllBytes(weights);
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, length));
        var shapes = header.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__")
            .ToDictionary(p => p.Name, p => string.Join(",", p.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())));
        Assert.Equal(new Dictionary<string, string> { ["0.weight"] = "64,2", ["0.bias"] = "64", ["2.weight"] = "3,64", ["2.bias"] = "3" }, shapes);
    }

    [Fact]
    public void LayoutDefaultsToPyTorchAndRefusesOthers()
    {
        var (folder, modelPath) = SavedSpiral();
        string weights = Path.Combine(folder, "w.safetensors");
        Assert.Equal(0, Invoke("export", modelPath, "--safetensors", weights).Code);
        Assert.Equal(File.ReadAllBytes(weights), ToBytes(ModelFile.Load(modelPath)));

        File.Delete(weights);
        var refused = Invoke("export", modelPath, "--safetensors", weights, "--layout", "keras");
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("--layout: expected 'pytorch', got 'keras'", refused.Error);
        Assert.False(File.Exists(weights));
    }

    private static byte[] ToBytes(Nnfs.Models.Model model)
    {
        using var stream = new MemoryStream();
        PyTorchExport.Write(model, stream);
        return stream.ToArray();
    }

    [Fact]
    public void WritesATritonRepositoryNamedAfterTheModelFile()
    {
        var (folder, modelPath) = SavedSpiral();
        string repository = Path.Combine(folder, "models");

        var (code, output, error) = Invoke("export", modelPath, "--triton", repository, "--max-batch-size", "16");

        Assert.True(code == 0, error);
        Assert.Contains("tritonserver --model-repository=", output);
        string config = File.ReadAllText(Path.Combine(repository, "spiral", "config.pbtxt"));
        Assert.Contains("name: \"spiral\"", config);
        Assert.Contains("max_batch_size: 16", config);
        var x = OnnxRuntimeCheck.RandomInputs(4, 2, seed: 6);
        var (actual, shape) = OnnxRuntimeCheck.RunOnnx(File.ReadAllBytes(Path.Combine(repository, "spiral", "1", "model.onnx")), x);
        OnnxRuntimeCheck.AssertClose(ModelFile.Load(modelPath).Predict(x), actual, shape);
    }

    [Fact]
    public void TritonNameComesFromTheOptionAndIsValidated()
    {
        var (folder, modelPath) = SavedSpiral("my model.nnfs");
        string repository = Path.Combine(folder, "models");

        Assert.Equal(0, Invoke("export", modelPath, "--triton", repository).Code);
        Assert.True(File.Exists(Path.Combine(repository, "my_model", "config.pbtxt")));
        Directory.Delete(repository, recursive: true);

        var bad = Invoke("export", modelPath, "--triton", repository, "--name", "../escape");
        CliRunner.AssertOneLineError(bad, "--name ../escape");
        Assert.Contains("--name: '../escape' is not a valid model name", bad.Error);
        Assert.False(Directory.Exists(repository));

        Assert.Equal(0, Invoke("export", modelPath, "--triton", repository, "--name", "spiral-v2").Code);
        Assert.True(File.Exists(Path.Combine(repository, "spiral-v2", "1", "model.onnx")));
    }

    [Theory]
    [InlineData("spiral.nnfs", "spiral")]
    [InlineData("fashion_mnist.model", "fashion_mnist")]
    [InlineData("my model (v2).nnfs", "my_model__v2_")]
    [InlineData(".hidden.nnfs", "_hidden")]
    [InlineData("-x.nnfs", "_x")]
    [InlineData("modèle.nnfs", "mod_le")]
    public void TheDefaultNameIsTheFileNameWithOtherCharactersAsUnderscores(string file, string expected) =>
        Assert.Equal(expected, Nnfs.Cli.Commands.ExportCommand.TritonName(Path.Combine("some", "folder", file), null));

    [Fact]
    public void AFileNameThatGivesNoModelNameAsksForOne()
    {
        var e = Assert.Throws<ArgumentException>(() => Nnfs.Cli.Commands.ExportCommand.TritonName(".nnfs", null));
        Assert.Contains("give one with --name", e.Message);
    }

    [Fact]
    public void EveryOutputAtOnce()
    {
        var (folder, modelPath) = SavedSpiral();
        var (code, output, error) = Invoke("export", modelPath, "--onnx", Path.Combine(folder, "a.onnx"),
            "--triton", Path.Combine(folder, "models"), "--safetensors", Path.Combine(folder, "w.safetensors"));
        Assert.True(code == 0, error);
        Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(File.Exists(Path.Combine(folder, "a.onnx")));
        Assert.True(File.Exists(Path.Combine(folder, "models", "spiral", "config.pbtxt")));
        Assert.True(File.Exists(Path.Combine(folder, "w.safetensors")));
    }

    [Fact]
    public void AnOutputWrittenBeforeALaterOneFailsIsReported()
    {
        var (folder, modelPath) = SavedSpiral();
        string foreign = Path.Combine(folder, "models", "spiral", "2");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "model.onnx"), "someone else's");
        var result = Invoke("export", modelPath, "--onnx", Path.Combine(folder, "a.onnx"), "--triton", Path.Combine(folder, "models"));
        CliRunner.AssertOneLineError(result, "foreign Triton entry");
        Assert.Contains("nnfs did not write", result.Error);
        Assert.Contains("wrote " + Path.Combine(folder, "a.onnx"), result.Output);
        Assert.True(File.Exists(Path.Combine(folder, "a.onnx")));
    }

    [Theory]
    [InlineData("--name", "x")]
    [InlineData("--max-batch-size", "8")]
    [InlineData("--layout", "pytorch")]
    public void OptionsOfAnOutputNotAskedForAreErrors(string option, string value)
    {
        var (folder, modelPath) = SavedSpiral();
        var result = Invoke("export", modelPath, "--onnx", Path.Combine(folder, "a.onnx"), option, value);
        Assert.Equal(2, result.Code);
        Assert.Contains(option, result.Error);
        Assert.False(File.Exists(Path.Combine(folder, "a.onnx")));
    }

    [Fact]
    public void NothingToExportIsAnError()
    {
        var (_, modelPath) = SavedSpiral();
        var result = Invoke("export", modelPath);
        Assert.Equal(2, result.Code);
        Assert.Contains("nothing to export", result.Error);
    }

    [Fact]
    public void TritonIntoAFileIsRefusedBeforeLoading()
    {
        string folder = CliRunner.TempFolder();
        string file = Path.Combine(folder, "file");
        File.WriteAllText(file, "x");
        var result = Invoke("export", Path.Combine(folder, "none.nnfs"), "--triton", file);
        Assert.Equal(1, result.Code);
        Assert.Contains("--triton: '" + file + "' is a file", result.Error);
    }

    [Fact]
    public void MaxBatchSizeMustBePositive()
    {
        var (folder, modelPath) = SavedSpiral();
        var result = Invoke("export", modelPath, "--triton", Path.Combine(folder, "models"), "--max-batch-size", "0");
        Assert.NotEqual(0, result.Code);
        Assert.Contains("--max-batch-size", result.Error);
        Assert.False(Directory.Exists(Path.Combine(folder, "models")));
    }

    [Fact]
    public void TheOnnxOfASelfDescribingModelTakesRawInputLikeThePredictor()
    {
        string folder = CliRunner.TempFolder();
        var model = OnnxRuntimeCheck.SpiralClassifier();
        model.Input = Nnfs.Datasets.InputPreparation.Features(2, ["x", "y"], Nnfs.Datasets.Standardizer.FromStatistics([40f, -7f], [25f, 0.5f]));
        model.ClassNames = ["red", "green", "blue"];
        string modelPath = Path.Combine(folder, "spiral.nnfs"), onnxPath = Path.Combine(folder, "spiral.onnx");
        ModelFile.Save(model, modelPath);

        var (code, _, error) = Invoke("export", modelPath, "--onnx", onnxPath);

        Assert.True(code == 0, error);
        var raw = OnnxRuntimeCheck.RandomInputs(6, 2, seed: 8);
        for (int r = 0; r < raw.Rows; r++)
        {
            raw[r, 0] = raw[r, 0] * 25 + 40;
            raw[r, 1] = raw[r, 1] * 0.5f - 7;
        }
        var expected = Nnfs.Inference.Predictor.Load(modelPath).Predict(raw);
        var (actual, shape) = OnnxRuntimeCheck.RunOnnx(File.ReadAllBytes(onnxPath), raw);
        Assert.Equal(new long[] { 6, 3 }, shape);
        for (int i = 0; i < actual.Length; i++) Assert.True(Math.Abs(expected.Span[i] - actual[i]) <= 1e-5f, $"element {i}");
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(onnxPath);
        Assert.Equal("[\"red\",\"green\",\"blue\"]", session.ModelMetadata.CustomMetadataMap["nnfs.class_names"]);
    }
}
