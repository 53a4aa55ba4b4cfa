using System.CommandLine;
using Nnfs.Cli.Commands;
using Nnfs.Serialization;

namespace Nnfs.Cli.Tests.Commands;

public sealed class ExportCommandTests
{
    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { ExportCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

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
}
