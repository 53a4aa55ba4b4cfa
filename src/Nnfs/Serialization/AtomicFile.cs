using System.Security.Cryptography;

namespace Nnfs.Serialization;

/// <summary>Writes a file so that readers see either the old complete file or the new complete file, never a mix.</summary>
/// <remarks>
/// <para>The content goes to <c>{path}.tmp-{random}</c> (<c>{random}</c> = 12 lowercase hexadecimal digits) in the same
/// directory, is flushed to disk, and the temporary file then replaces <c>path</c> with a rename
/// (<see cref="File.Move(string, string, bool)"/> with overwrite), which is atomic within one file system. If writing
/// fails, the temporary file is deleted and <c>path</c> is untouched.</para>
/// <para>A process killed while saving leaves its temporary file behind. Each save first deletes the stale temporary
/// files of the same target: the regular files of the directory named exactly <c>{file name}.tmp-</c> followed by 12
/// lowercase hexadecimal digits; nothing else is touched. Saving one target from two processes at once is therefore
/// not supported (one may delete the other's temporary file, which then fails with an error; the target stays
/// whole).</para>
/// </remarks>
public static class AtomicFile
{
    private const int RandomDigits = 12;

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <param name="path">The destination; its directory must exist.</param>
    /// <param name="write">Writes the whole content to the stream it is given.</param>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory or <paramref name="path"/> may not be written.</exception>
    /// <exception cref="IOException">Writing or renaming failed (e.g. the disk is full, or <paramref name="path"/> is a
    /// directory).</exception>
    /// <remarks>The messages of these exceptions (also when <paramref name="write"/> throws them, e.g. for a full disk)
    /// name <paramref name="path"/>, never the temporary file. Other exceptions from <paramref name="write"/> pass
    /// through unchanged.</remarks>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string prefix = Path.GetFileName(full) + ".tmp-";
        string temp = full + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomDigits / 2));
        RemoveStaleTemporaries(Path.GetDirectoryName(full)!, prefix);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw Renamed(ex, path, temp, full);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The same kind of exception with a message that names the target instead of the temporary file.</summary>
    private static Exception Renamed(Exception ex, string path, string temp, string full)
    {
        string message = $"Cannot save '{path}': {ex.Message.Replace(temp, full, StringComparison.Ordinal)}";
        return ex switch
        {
            DirectoryNotFoundException => new DirectoryNotFoundException(message, ex),
            UnauthorizedAccessException => new UnauthorizedAccessException(message, ex),
            _ => new IOException(message, ex),
        };
    }

    private static void RemoveStaleTemporaries(string directory, string prefix)
    {
        if (!Directory.Exists(directory)) return;
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory).Where(f => IsTemporary(Path.GetFileName(f), prefix)).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string file in candidates) TryDelete(file);
    }

    /// <summary>True for exactly <c>{prefix}</c> followed by 12 lowercase hexadecimal digits.</summary>
    internal static bool IsTemporary(string name, string prefix) =>
        name.Length == prefix.Length + RandomDigits
        && name.StartsWith(prefix, StringComparison.Ordinal)
        && !name.AsSpan(prefix.Length).ContainsAnyExcept("0123456789abcdef");

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
