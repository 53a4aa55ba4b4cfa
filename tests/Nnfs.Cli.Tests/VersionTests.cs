using Nnfs.Serialization;

namespace Nnfs.Cli.Tests;

/// <summary>
/// <c>nnfs --version</c> prints the version of the build (MinVer's, from git tags, with the commit after the <c>+</c>;
/// docs/packaging.md), the same as the library's, and the models <c>nnfs train</c> writes record it.
/// </summary>
public class VersionTests
{
    [Fact]
    public void VersionIsTheLibrarysAndTheModelsTheToolWritesRecordIt()
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "Nnfs.Cli");
        Assert.True(File.Exists(tool), $"{tool} was not built beside the tests");
        string version = ChildProcess.Output(tool, ["--version"]).Trim();
        Assert.Equal(ModelFile.LibraryVersion, version);

        string model = Path.Combine(CliRunner.TempFolder(), "version.model");
        ChildProcess.Output(tool, ["train", "--dataset", "spiral", "--hidden", "8", "--epochs", "2", "--print-every", "1", "--threads", "1", "--output", model]);
        Assert.Equal(version, SafeTensorsReader.ReadFile(model).Metadata[ModelFile.WriterVersionKey]);
    }
}
