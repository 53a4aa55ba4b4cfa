namespace Nnfs.Datasets;

/// <summary>
/// Opens input files (data sets, tables, images) for reading, refusing anything that is not an ordinary non-empty
/// file before opening it, so that a directory, a device such as <c>/dev/zero</c> or a named pipe (FIFO) is reported
/// in one line instead of being read forever or blocking.
/// </summary>
/// <remarks>
/// The file's type is judged from its size before it is opened: devices, pipes and sockets report a size of 0, as do
/// empty files, and none of them can hold a data set, a table or an image. An opened file that cannot seek is refused
/// too. (A file replaced by a pipe between the check and the opening is not guarded against.)
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
    public static FileStream OpenRead(string path, int bufferSize = 4096)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new InvalidDataException($"{path}: is a directory, not a file.");
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: no such file.", path);
        if (info.Length == 0)
            throw new InvalidDataException($"{path}: the file is empty or is not a regular file (a device, pipe or socket).");
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw new InvalidDataException($"{path}: is not a regular file (a device, pipe or socket).");
        }
        return stream;
    }
}
