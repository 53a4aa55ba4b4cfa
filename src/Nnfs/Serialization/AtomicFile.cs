using System.Security.Cryptography;

namespace Nnfs.Serialization;

/// <summary>Writes a file so that readers see either the old complete file or the new complete file, never a mix.</summary>
/// <remarks>
/// The content goes to <c>{path}.tmp-{random}</c> in the same directory, is flushed to disk, and the temporary file
/// then replaces <c>path</c> with a rename (<see cref="File.Move(string, string, bool)"/> with overwrite), which is
/// atomic within one file system. If writing fails, the temporary file is deleted and <c>path</c> is untouched.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <param name="path">The destination; its directory must exist.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string temp = $"{full}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
