using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Nnfs.Tensors;

namespace Nnfs.Datasets;

/// <summary>
/// Reads and writes the IDX files in which MNIST and Fashion-MNIST are distributed, gzip-compressed or not.
/// </summary>
/// <remarks>
/// Layout (big-endian): images: magic <c>0x00000803</c>, count, rows, columns, then count · rows · columns bytes;
/// labels: magic <c>0x00000801</c>, count, then count bytes. Compression is recognised from the content (the gzip
/// signature 1F 8B), not from the file name. Every inconsistency (wrong magic, zero dimensions, a file shorter or
/// longer than its header says, image and label counts that differ, a broken gzip stream) raises an
/// <see cref="InvalidDataException"/> whose message starts with the file path and says what is wrong.
/// </remarks>
public static class IdxFile
{
    /// <summary>Magic number of an IDX image file (unsigned bytes, 3 dimensions): 2051.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX label file (unsigned bytes, 1 dimension): 2049.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>The most pixel bytes one call of <c>ReadImagesInChunks</c>' chunk action receives: 65,536.</summary>
    public const int ChunkSize = 1 << 16;

    /// <summary>Reads an image file and its label file into one data set, checking that the counts agree.</summary>
    /// <exception cref="InvalidDataException">Either file is malformed, or the counts differ.</exception>
    public static ImageDataSet Load(string imagesPath, string labelsPath)
    {
        var (pixels, count, height, width) = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new InvalidDataException(
                $"{labelsPath}: has {labels.Length} labels but {imagesPath} has {count} images; the files do not belong together.");
        return new ImageDataSet(pixels, labels, height, width);
    }

    /// <summary>Reads an IDX image file.</summary>
    /// <returns>The pixels (count · height · width bytes), the image count and the image shape.</returns>
    /// <exception cref="InvalidDataException">The file is malformed; the message names it.</exception>
    public static (byte[] Pixels, int Count, int Height, int Width) ReadImages(string path)
    {
        using var stream = OpenRead(path);
        return ReadImages(stream, path);
    }

    /// <summary>Reads IDX images from a stream (decompressed already); <paramref name="name"/> is used in errors.</summary>
    public static (byte[] Pixels, int Count, int Height, int Width) ReadImages(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (count, height, width) = ReadImagesHeader(stream, name);
        var pixels = ReadPayload(stream, name, count * height * width, "pixel");
        return (pixels, count, height, width);
    }

    /// <summary>
    /// Reads an IDX image file in chunks, so that its pixels never exist whole in memory: <paramref name="begin"/>
    /// receives the image count, height and width from the header, then <paramref name="chunk"/> receives the pixel
    /// bytes in file order, at most <see cref="ChunkSize"/> at a time, each with the index of its first byte.
    /// </summary>
    /// <remarks>
    /// The file is checked as by <see cref="ReadImages(string)"/>, with the same messages, except that a file shorter
    /// or longer than its header says is detected only at its end, after the chunks before that point were handed
    /// over: a caller must discard what it built when this throws. A chunk's span is valid only during the call.
    /// </remarks>
    /// <exception cref="InvalidDataException">The file is malformed; the message names it.</exception>
    public static void ReadImagesInChunks(string path, Action<int, int, int> begin, ReadOnlySpanAction<byte, long> chunk)
    {
        using var stream = OpenRead(path);
        ReadImagesInChunks(stream, path, begin, chunk);
    }

    /// <summary>
    /// <see cref="ReadImagesInChunks(string, Action{int, int, int}, ReadOnlySpanAction{byte, long})"/> on a stream
    /// (decompressed already); <paramref name="name"/> is used in errors.
    /// </summary>
    public static void ReadImagesInChunks(Stream stream, string name, Action<int, int, int> begin,
        ReadOnlySpanAction<byte, long> chunk)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(begin);
        ArgumentNullException.ThrowIfNull(chunk);
        var (count, height, width) = ReadImagesHeader(stream, name);
        begin(count, height, width);
        int length = count * height * width;
        var buffer = new byte[Math.Min(ChunkSize, length)];
        for (int done = 0; done < length;)
        {
            int want = Math.Min(buffer.Length, length - done);
            int n = Fill(stream, buffer.AsSpan(0, want), name);
            if (n < want)
                throw new InvalidDataException(
                    $"{name}: expected {length} pixel bytes after the header, found {done + n} (file truncated?).");
            chunk(buffer.AsSpan(0, want), done);
            done += want;
        }
        RefuseTrailingBytes(stream, name, length, "pixel");
    }

    /// <summary>Reads an IDX label file.</summary>
    /// <exception cref="InvalidDataException">The file is malformed; the message names it.</exception>
    public static byte[] ReadLabels(string path)
    {
        using var stream = OpenRead(path);
        return ReadLabels(stream, path);
    }

    /// <summary>Reads IDX labels from a stream (decompressed already); <paramref name="name"/> is used in errors.</summary>
    public static byte[] ReadLabels(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = ReadHeader(stream, name, 8, LabelsMagic);
        int count = ReadInt(header, 4, name, "label count");
        return ReadPayload(stream, name, count, "label");
    }

    /// <summary>Writes an uncompressed IDX image file.</summary>
    public static void WriteImages(Stream stream, ReadOnlySpan<byte> pixels, int count, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if ((long)count * height * width != pixels.Length)
            throw new ArgumentException($"{count} images of {height}×{width} need {(long)count * height * width} bytes, got {pixels.Length}.", nameof(pixels));
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], count);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], height);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], width);
        stream.Write(header);
        stream.Write(pixels);
    }

    /// <summary>Writes an uncompressed IDX label file.</summary>
    public static void WriteLabels(Stream stream, ReadOnlySpan<byte> labels)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], labels.Length);
        stream.Write(header);
        stream.Write(labels);
    }

    /// <summary>
    /// Opens a file for reading, transparently decompressing it when it starts with the gzip signature.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Stream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> signature = stackalloc byte[2];
        int n = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (n == 2 && signature[0] == 0x1F && signature[1] == 0x8B)
            return new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16);
        return file;
    }

    private static byte[] ReadHeader(Stream stream, string name, int length, int expectedMagic)
    {
        var header = new byte[length];
        int n = Fill(stream, header, name);
        if (n < 4)
            throw new InvalidDataException($"{name}: the file has {n} bytes, too short for an IDX header ({length} bytes).");
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expectedMagic)
        {
            string hint = magic switch
            {
                ImagesMagic => " (this is an image file)",
                LabelsMagic => " (this is a label file)",
                _ => "",
            };
            string kind = expectedMagic == ImagesMagic ? "image" : "label";
            throw new InvalidDataException(
                $"{name}: bad magic number 0x{magic:X8}{hint}; an IDX {kind} file starts with 0x{expectedMagic:X8}.");
        }
        if (n < length)
            throw new InvalidDataException($"{name}: the file has {n} bytes, too short for an IDX header ({length} bytes).");
        return header;
    }

    private static (int Count, int Height, int Width) ReadImagesHeader(Stream stream, string name)
    {
        var header = ReadHeader(stream, name, 16, ImagesMagic);
        int count = ReadInt(header, 4, name, "image count");
        int height = ReadInt(header, 8, name, "row count");
        int width = ReadInt(header, 12, name, "column count");
        if (height == 0 || width == 0)
            throw new InvalidDataException($"{name}: the images are {height}×{width}; both dimensions must be at least 1.");
        long size = (long)count * height * width;
        if (size > Array.MaxLength)
            throw new InvalidDataException($"{name}: {count} images of {height}×{width} ({size} bytes) are too many to hold in one array.");
        return (count, height, width);
    }

    private static int ReadInt(byte[] header, int offset, string name, string what)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(offset));
        if (value < 0) throw new InvalidDataException($"{name}: the {what} in the header is {(uint)value}, which is not plausible.");
        return value;
    }

    private static byte[] ReadPayload(Stream stream, string name, int length, string what)
    {
        var data = LargePages.Allocate<byte>(length);
        int n = Fill(stream, data, name);
        if (n < length)
            throw new InvalidDataException(
                $"{name}: expected {length} {what} bytes after the header, found {n} (file truncated?).");
        RefuseTrailingBytes(stream, name, length, what);
        return data;
    }

    private static void RefuseTrailingBytes(Stream stream, string name, int length, string what)
    {
        Span<byte> probe = stackalloc byte[4096];
        long extra = 0;
        int m;
        while ((m = ReadSome(stream, probe, name)) > 0) extra += m;
        if (extra > 0)
            throw new InvalidDataException(
                $"{name}: expected {length} {what} bytes after the header, found {extra} more than that (wrong header or concatenated files?).");
    }

    private static int Fill(Stream stream, Span<byte> buffer, string name)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = ReadSome(stream, buffer[total..], name);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static int ReadSome(Stream stream, Span<byte> buffer, string name)
    {
        try
        {
            return stream.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{name}: the gzip data is corrupt ({e.Message}).", e);
        }
    }
}
