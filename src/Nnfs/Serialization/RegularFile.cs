using Nnfs.IO;

namespace Nnfs.Serialization;

/// <summary>
/// Reads a whole model file only when it is a regular file whose size is known before anything is allocated (the
/// checks of <see cref="InputFile"/>), so reading never blocks and never allocates more than the file's size.
/// </summary>
internal static class RegularFile
{
    /// <summary>The smallest file accepted: the 8-byte header length of a safetensors file.</summary>
    public const int MinimumLength = 8;

    /// <summary>The bytes of the file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="ModelFormatException">It is a directory or a special file, or is too short or too long.</exception>
    public static byte[] ReadAllBytes(string path)
    {
        using var stream = InputFile.TryOpenRead(path, bufferSize: 0, out string? problem)
            ?? throw new ModelFormatException(path, problem!);
        long length = stream.Length;
        if (length < MinimumLength)
            throw new ModelFormatException(path, $"the file is {length} bytes long, too short for the 8-byte header length (truncated?).");
        if (length > Array.MaxLength)
            throw new ModelFormatException(path, $"the file is {length} bytes long; files larger than {Array.MaxLength} bytes are not supported.");
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read != length || stream.ReadByte() >= 0)
            throw new ModelFormatException(path, "the file changed while it was being read.");
        return bytes;
    }
}
