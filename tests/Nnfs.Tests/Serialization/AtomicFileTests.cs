using Nnfs.Serialization;

namespace Nnfs.Tests.Serialization;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nnfs-atomic-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReplacesTheFileAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_directory, "model.nnfs");
        File.WriteAllText(path, "old");
        AtomicFile.Write(path, s => s.Write("new"u8));
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void FailedWriteLeavesTheOldFileIntactAndNoTemporaryFile()
    {
        string path = Path.Combine(_directory, "model.nnfs");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("half"u8);
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void MissingDirectoryThrows() =>
        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(Path.Combine(_directory, "no", "m.nnfs"), s => s.WriteByte(1)));
}
