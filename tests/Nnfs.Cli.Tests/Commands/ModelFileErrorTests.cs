namespace Nnfs.Cli.Tests.Commands;

/// <summary>The commands that read a model file report what is wrong with it in one line.</summary>
public class ModelFileErrorTests
{
    [Fact]
    public void ADirectoryIsReportedAsSuch()
    {
        string dir = CliRunner.TempFolder();
        var (code, _, error) = CliRunner.Invoke("evaluate", dir, "--dataset", "spiral");
        Assert.Equal(1, code);
        Assert.Equal($"error: '{dir}' is not a usable nnfs file: it is a directory, not a file.", error.Trim());
    }

    [Fact]
    public void AMissingFileIsReportedAsMissing()
    {
        string missing = Path.Combine(CliRunner.TempFolder(), "no.model");
        var (code, _, error) = CliRunner.Invoke("predict", missing, "x.csv");
        Assert.Equal(1, code);
        Assert.Equal($"error: model file '{missing}' does not exist", error.Trim());
    }
}
