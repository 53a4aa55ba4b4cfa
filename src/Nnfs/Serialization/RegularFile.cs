namespace Nnfs.Serialization;

/// <summary>
/// Reads a whole file only when it is a regular file whose size is known before anything is opened or allocated:
/// a directory, a pipe (FIFO), a device such as <c>/dev/zero</c> or a socket is refused without being opened, so
/// reading never blocks and never allocates more than the file's size.
/// </summary>
/// <remarks>
/// The file system reports a size of 0 for pipes, devices and sockets (and for the pseudo-files of <c>/proc</c>), so
/// a file must report at least <see cref="MinimumLength"/> bytes, after following symbolic links. The length read must
/// then equal the length reported, or the file changed while it was read.
/// </remarks>
internal static class RegularFile
{
    /// <summary>The smallest file accepted: the 8-byte header length of a safetensors file.</summary>
    public const int MinimumLength = 8;

    /// <summary>The bytes of the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="ModelFormatException">It is a directory or a special file, or is too short or too long.</exception>
    public static byte[] ReadAllBytes(string path)
    {
        FileSystemInfo info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            try
            {
                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            }
            catch (IOException ex)
            {
                throw new ModelFormatException(path, $"its symbolic link cannot be followed ({ex.Message}).", ex);
            }
        }
        if (Directory.Exists(info.FullName))
            throw new ModelFormatException(path, "it is a directory, not a file.");
        if (!info.Exists)
            throw new FileNotFoundException($"'{path}' does not exist.", path);
        long length = ((FileInfo)info).Length;
        if (length < MinimumLength)
            throw new ModelFormatException(path, length == 0
                ? "the file is empty, or not a regular file (a pipe, a device or a socket)."
                : $"the file is {length} bytes long, too short for the 8-byte header length (truncated?).");
        if (length > Array.MaxLength)
            throw new ModelFormatException(path, $"the file is {length} bytes long; files larger than {Array.MaxLength} bytes are not supported.");

        using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        if (!stream.CanSeek || stream.Length != length)
            throw new ModelFormatException(path, "the file changed while it was being read, or is not a regular file.");
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read != length || stream.ReadByte() >= 0)
            throw new ModelFormatException(path, "the file changed while it was being read.");
        return bytes;
    }
}
