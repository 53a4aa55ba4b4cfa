using Nnfs.Cli.Commands;

namespace Nnfs.Cli.Tests.Commands;

/// <summary>Output files are checked before any work: missing folders created, unwritable paths refused in one line.</summary>
public class OutputFilesTests
{
    [Fact]
    public void AMissingFolder_IsCreated_AndNothingElseIsWritten()
    {
        string root = CliRunner.TempFolder();
        string target = Path.Combine(root, "a", "b", "x.model");
        OutputFiles.Prepare(target, "--output");
        Assert.True(Directory.Exists(Path.Combine(root, "a", "b")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(root, "a", "b")));
    }

    [Fact]
    public void UnwritablePaths_AreRefusedNamingTheOptionAndThePath()
    {
        string root = CliRunner.TempFolder();
        string file = Path.Combine(root, "file.txt");
        File.WriteAllText(file, "x");

        var underFile = Assert.Throws<IOException>(() => OutputFiles.Prepare(Path.Combine(file, "x.model"), "--output"));
        Assert.StartsWith($"--output: cannot create the folder '{file}' for '{Path.Combine(file, "x.model")}': ", underFile.Message);

        var folder = Assert.Throws<IOException>(() => OutputFiles.Prepare(root, "--plot"));
        Assert.Equal($"--plot: '{root}' is a folder; give a file name", folder.Message);

        Assert.Equal("--onnx: the file name is empty", Assert.Throws<ArgumentException>(() => OutputFiles.Prepare(" ", "--onnx")).Message);
        Assert.Equal("x", File.ReadAllText(file));

        if (OperatingSystem.IsLinux())
        {
            // /proc refuses new entries even to root, for whom permission bits do not apply.
            var proc = Assert.Throws<IOException>(() => OutputFiles.Prepare("/proc/nnfs-test/x.model", "--output"));
            Assert.Contains("'/proc/nnfs-test'", proc.Message);
        }
    }

    [Fact]
    public void Train_ChecksTheOutputBeforeTraining()
    {
        string root = CliRunner.TempFolder();
        string file = Path.Combine(root, "file.txt");
        File.WriteAllText(file, "x");
        foreach (var (args, expected) in new (string[], string)[]
        {
            (["--output", Path.Combine(file, "x.model")], $"error: --output: cannot create the folder '{file}'"),
            (["--output", root], $"error: --output: '{root}' is a folder"),
            (["--output", ""], "error: --output: the file name is empty"),
            (["--plot", Path.Combine(file, "p")], $"error: --plot: cannot create the folder '{file}'"),
        })
        {
            var result = CliRunner.Invoke(["train", "--dataset", "spiral", "--epochs", "100000", .. args]);
            Assert.Equal(1, result.Code);
            CliRunner.AssertOneLineError(result, string.Join(' ', args));
            Assert.StartsWith(expected, result.Error);
            Assert.Equal("", result.Output); // no data loaded, no training
        }
    }

    [Fact]
    public void EveryCommandThatWrites_CreatesMissingFolders()
    {
        string root = CliRunner.TempFolder();
        string model = Path.Combine(root, "new", "deeper", "spiral.model");
        string plots = Path.Combine(root, "plots", "run");
        var (code, output, error) = CliRunner.Invoke("train", "--dataset", "spiral", "--epochs", "5", "--hidden", "4",
            "--output", model, "--plot", plots);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(model), output);
        CliRunner.AssertPng(plots + "-loss.png");

        string matrix = Path.Combine(root, "eval", "cm.png");
        (code, _, error) = CliRunner.Invoke("evaluate", model, "--dataset", "spiral", "--plot", matrix);
        Assert.True(code == 0, error);
        CliRunner.AssertPng(matrix);

        string onnx = Path.Combine(root, "export", "spiral.onnx");
        (code, _, error) = CliRunner.Invoke("export", model, "--onnx", onnx);
        Assert.True(code == 0, error);
        Assert.True(new FileInfo(onnx).Length > 0);
    }

    [Fact]
    public void EvaluateAndExport_CheckTheirOutputBeforeReadingTheModel()
    {
        string root = CliRunner.TempFolder();
        string file = Path.Combine(root, "file.txt");
        File.WriteAllText(file, "x");
        string missingModel = Path.Combine(root, "missing.model");
        var evaluate = CliRunner.Invoke("evaluate", missingModel, "--dataset", "spiral", "--plot", Path.Combine(file, "cm.png"));
        Assert.Equal(1, evaluate.Code);
        Assert.StartsWith("error: --plot: cannot create the folder", evaluate.Error);
        var export = CliRunner.Invoke("export", missingModel, "--onnx", Path.Combine(file, "x.onnx"));
        Assert.Equal(1, export.Code);
        Assert.StartsWith("error: --onnx: cannot create the folder", export.Error);
    }
}
