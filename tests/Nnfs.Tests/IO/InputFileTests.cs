using System.Diagnostics;
using Nnfs.IO;
using Nnfs.Tests.Datasets;

namespace Nnfs.Tests.IO;

public class InputFileTests
{
    [Fact]
    public void AnOrdinaryFileOpensSeekableAtItsStart()
    {
        using var tmp = new TempDir();
        File.WriteAllBytes(tmp.Combine("f"), [1, 2, 3]);
        using var stream = InputFile.OpenRead(tmp.Combine("f"));
        Assert.True(stream.CanSeek);
        Assert.Equal(1, stream.ReadByte());
    }

    [Fact]
    public void MissingFilesDirectoriesAndEmptyFilesAreRefusedByName()
    {
        using var tmp = new TempDir();
        Assert.Equal($"{tmp.Combine("none")}: no such file.", Assert.Throws<FileNotFoundException>(() => InputFile.OpenRead(tmp.Combine("none"))).Message);
        Assert.Equal($"{tmp.Path}: it is a directory, not a file.", Assert.Throws<InvalidDataException>(() => InputFile.OpenRead(tmp.Path)).Message);
        File.WriteAllBytes(tmp.Combine("empty"), []);
        Assert.Equal($"{tmp.Combine("empty")}: the file is empty or is not a regular file (a device, pipe or socket).",
            Assert.Throws<InvalidDataException>(() => InputFile.OpenRead(tmp.Combine("empty"))).Message);
    }

    [Fact]
    public void DevZeroIsRefusedWithoutReadingIt()
    {
        if (!File.Exists("/dev/zero")) return;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("is empty or is not a regular file", Assert.Throws<InvalidDataException>(() => InputFile.OpenRead("/dev/zero")).Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 << 10);
    }

    [Fact]
    public async Task AFifoIsRefusedWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var tmp = new TempDir();
        string fifo = tmp.Combine("fifo");
        SpecialFiles.MakeFifo(fifo);
        var open = Task.Run(() => InputFile.OpenRead(fifo));
        if (await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(20))) != open)
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { } // releases the blocked reader
            Assert.Fail("opening a FIFO blocked");
        }
        var ex = Assert.IsType<InvalidDataException>(open.Exception?.InnerException);
        Assert.Equal($"{fifo}: the file is empty or is not a regular file (a device, pipe or socket).", ex.Message);
    }
}
