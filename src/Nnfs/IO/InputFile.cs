namespace Nnfs.IO;

/// <summary>
/// Opens input files (model files, data sets, tables, images) for reading, refusing anything that is not an ordinary
/// non-empty file before opening it, so that a directory, a device such as <c>/dev/zero</c> or a named pipe (FIFO) is
/// reported in one line instead of being read forever or blocking.
/// </summary>
/// <remarks>
/// The file's type is judged from its size before it is opened (symbolic links are followed): devices, pipes and
/// sockets report a size of 0, as do empty files and the pseudo-files of <c>/proc</c>, and none of them can hold a
/// model, a data set, a table or an image. An opened file that cannot seek, or whose length differs from the one
/// reported before opening, is refused too. (A file replaced by a pipe between the check and the opening is not
/// guarded against.)
/// </remarks>
public static class InputFile
{
    /// <summary>Opens <paramref name="path"/> for reading with a read buffer of <paramref name="bufferSize"/> bytes.</summary>
    /// <param name="path">The file.</param>
    /// <param name="bufferSize">The stream's buffer; default 4096 bytes, 0 or 1 for none.</param>
    /// <returns>A seekable stream positioned at the start of the file.</returns>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The path is a directory, or is empty or not a regular file (a device,
    /// pipe or socket); the message names it.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 4096) =>
        TryOpenRead(path, bufferSize, out string? problem) ?? throw new InvalidDataException($"{path}: {problem}");

    /// <summary>
    /// Opens <paramref name="path"/> as <see cref="OpenRead"/> does, but returns null and the reason (a clause without the path)
    /// when it is not a regular non-empty file, so that a reader can raise its own exception type.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    internal static FileStream? TryOpenRead(string path, int bufferSize, out string? problem)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        problem = null;
        if (Directory.Exists(path))
        {
            problem = "it is a directory, not a file.";
            return null;
        }
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: no such file.", path);
        long length = info.Length;
        if (length == 0)
        {
            problem = "the file is empty or is not a regular file (a device, pipe or socket).";
            return null;
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        if (!stream.CanSeek || stream.Length != length)
        {
            stream.Dispose();
            problem = "it is not a regular file (a device, pipe or socket), or it changed while it was opened.";
            return null;
        }
        return stream;
    }
}
