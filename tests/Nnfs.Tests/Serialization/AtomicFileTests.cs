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

    [Fact]
    public void RemovesStaleTemporariesOfTheTargetOnly()
    {
        string path = Path.Combine(_directory, "model.nnfs");
        string[] stale = ["model.nnfs.tmp-0123456789ab", "model.nnfs.tmp-ffffffffffff"];
        string[] others =
        [
            "model.nnfs.tmp-0123456789AB", "model.nnfs.tmp-0123456789a", "model.nnfs.tmp-0123456789abc", "model.nnfs.tmp-0123456789ag",
            "model.nnfs.tmp0123456789ab", "xmodel.nnfs.tmp-0123456789ab", "other.nnfs.tmp-0123456789ab", "model.nnfs.bak", "model.nnfs.tmp-",
        ];
        foreach (string name in stale.Concat(others)) File.WriteAllText(Path.Combine(_directory, name), name);
        Directory.CreateDirectory(Path.Combine(_directory, "model.nnfs.tmp-aaaaaaaaaaaa"));

        AtomicFile.Write(path, s => s.Write("new"u8));

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(others.Append("model.nnfs").Order(StringComparer.Ordinal),
            Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(_directory, "model.nnfs.tmp-aaaaaaaaaaaa")));
    }

    [Fact]
    public void ErrorsNameTheTargetNotTheTemporaryFile()
    {
        string target = Path.Combine(_directory, "folder.nnfs");
        Directory.CreateDirectory(target);
        var ex = Assert.ThrowsAny<IOException>(() => AtomicFile.Write(target, s => s.WriteByte(1)));
        Assert.StartsWith($"Cannot save '{target}': ", ex.Message);
        Assert.DoesNotContain(".tmp-", ex.Message);

        string path = Path.Combine(_directory, "full.nnfs");
        ex = Assert.Throws<IOException>(() => AtomicFile.Write(path, s => throw new IOException($"No space left on device : '{((FileStream)s).Name}'")));
        Assert.Equal($"Cannot save '{path}': No space left on device : '{path}'", ex.Message);
        Assert.Equal([target], Directory.GetFileSystemEntries(_directory));

        var missing = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(Path.Combine(_directory, "no", "m.nnfs"), s => s.WriteByte(1)));
        Assert.DoesNotContain(".tmp-", missing.Message);
        Assert.Contains(Path.Combine(_directory, "no", "m.nnfs"), missing.Message);
    }

    [Fact]
    public void AKilledSaveLeavesATemporaryThatTheNextSaveRemoves()
    {
        // The name a save really gives its temporary file, recreated as kill -9 would leave it; then a normal save.
        string path = Path.Combine(_directory, "m.nnfs");
        string? leftover = null;
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            leftover = ((FileStream)s).Name;
            throw new InvalidOperationException("killed");
        }));
        File.WriteAllText(leftover!, "half a model");
        Assert.Matches(@"m\.nnfs\.tmp-[0-9a-f]{12}$", leftover);
        AtomicFile.Write(path, s => s.Write("new"u8));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }
}
