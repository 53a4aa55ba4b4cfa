using System.Diagnostics;

namespace Nnfs.Testing;

/// <summary>Files that are not regular files, for the tests that readers refuse them without blocking.</summary>
public static class SpecialFiles
{
    /// <summary>Makes a named pipe at <paramref name="path"/> with <c>mkfifo</c>.</summary>
    public static void MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
