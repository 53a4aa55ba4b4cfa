using System.Reflection.PortableExecutable;

namespace Nnfs.Benchmarks.Machine;

/// <summary>Whether an assembly file carries precompiled (ReadyToRun) code.</summary>
internal static class ReadyToRunImage
{
    /// <summary>
    /// True when <paramref name="path"/> is a managed PE file with a ReadyToRun header: crossgen2 (ReadyToRun
    /// publish) fills the CLI header's <c>ManagedNativeHeader</c> directory, which the C# compiler leaves empty.
    /// False for a missing file, a plain IL assembly or a file that is not a PE image.
    /// </summary>
    public static bool Is(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            using var reader = new PEReader(File.OpenRead(path));
            return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
