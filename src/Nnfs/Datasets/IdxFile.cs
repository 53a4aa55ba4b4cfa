using Nnfs.IO;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Nnfs.Tensors;

namespace Nnfs.Datasets;

/// <summary>
/// Reads and writes the IDX files in which MNIST and Fashion-MNIST are distributed, gzip-compressed or not.
/// </summary>
/// <remarks>
/// <para>Layout (big-endian): images: magic <c>0x00000803</c>, count, rows, columns, then count · rows · columns bytes;
/// labels: magic <c>0x00000801</c>, count, then count bytes. Compression is recognised from the content (the gzip
/// signature 1F 8B), not from the file name; a compressed file must be one gzip member (RFC 1952), whose header flags,
/// optional header CRC, trailer CRC-32 and trailer size are all checked.</para>
/// <para>Every inconsistency (wrong magic, a zero dimension or count, sizes whose product exceeds
/// <see cref="Array.MaxLength"/>, a file shorter or longer than its header says, image and label counts that differ,
/// a damaged gzip stream, a second gzip member or bytes after it) raises an <see cref="InvalidDataException"/> whose
/// one-line message starts with the file path and gives the numbers. A path that is a directory, a device or a pipe is
/// refused the same way (<see cref="InputFile"/>).</para>
/// <para>Memory: sizes are checked before the payload is allocated. An uncompressed file's length must match its
/// header exactly, and a gzip file's recorded size (its trailer's ISIZE) must match too, before anything is
/// decompressed. Since a trailer can lie, the payload of a compressed file is then allocated at most
/// max(1 MiB, 8 × the compressed file's size) up front and grown by doubling as decompressed data actually arrives,
/// so a load allocates at most 8 × the file's size + 4 × the bytes actually decompressed + 1 MiB, plus buffers of a
/// fixed size (the payload itself included). <see cref="ReadImagesInChunks(string, Action{int, int, int}, ReadOnlySpanAction{byte, long})"/>
/// allocates only its fixed buffers.</para>
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
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">Either file is malformed or not a regular file, or the counts differ.</exception>
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
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed or not a regular file; the message names it.</exception>
    public static (byte[] Pixels, int Count, int Height, int Width) ReadImages(string path)
    {
        using var stream = OpenRead(path);
        return ReadImages(stream, path);
    }

    /// <summary>Reads IDX images from a stream (decompressed already); <paramref name="name"/> is used in errors.</summary>
    /// <remarks>A seekable stream's remaining length is checked against the header before the pixels are allocated;
    /// from other streams the buffer grows as data arrives.</remarks>
    /// <exception cref="InvalidDataException">The data is malformed; the message starts with <paramref name="name"/>.</exception>
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
    /// The file is checked as by <see cref="ReadImages(string)"/>, with the same messages. A file whose length (or gzip
    /// trailer) disagrees with its header is refused before <paramref name="begin"/> is called; damage found only
    /// while decompressing (a broken deflate stream, a CRC-32 mismatch, trailing bytes) is detected after the chunks
    /// before that point were handed over: a caller must discard what it built when this throws. A chunk's span is
    /// valid only during the call.
    /// </remarks>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed or not a regular file; the message names it.</exception>
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
        int length = count * height * width;
        CheckAnnouncedLength(stream, name, length, "pixel");
        begin(count, height, width);
        var buffer = new byte[Math.Min(ChunkSize, length)];
        for (int done = 0; done < length;)
        {
            int want = Math.Min(buffer.Length, length - done);
            int n = Fill(stream, buffer.AsSpan(0, want), name);
            if (n < want) throw SizeMismatch(name, length, done + n, "pixel", "");
            chunk(buffer.AsSpan(0, want), done);
            done += want;
        }
        RefuseTrailingBytes(stream, name, length, "pixel");
    }

    /// <summary>Reads an IDX label file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is malformed or not a regular file; the message names it.</exception>
    public static byte[] ReadLabels(string path)
    {
        using var stream = OpenRead(path);
        return ReadLabels(stream, path);
    }

    /// <summary>Reads IDX labels from a stream (decompressed already); <paramref name="name"/> is used in errors.</summary>
    /// <exception cref="InvalidDataException">The data is malformed; the message starts with <paramref name="name"/>.</exception>
    public static byte[] ReadLabels(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = ReadHeader(stream, name, 8, LabelsMagic);
        int count = ReadInt(header, 4, name, "label count");
        if (count == 0) throw new InvalidDataException($"{name}: the header says the file holds 0 labels; it must hold at least 1.");
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
    /// Opens a file for reading, transparently decompressing it when it starts with the gzip signature. The returned
    /// stream of a compressed file verifies the gzip member (header, CRC-32, size, nothing after it) when its end is
    /// read, throwing <see cref="InvalidDataException"/> there if it is damaged.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The path is a directory, a device or a pipe, or the file is empty, or its
    /// gzip header is malformed; the message names it.</exception>
    public static Stream OpenRead(string path)
    {
        var file = InputFile.OpenRead(path, 1 << 16);
        try
        {
            Span<byte> signature = stackalloc byte[2];
            int n = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
            file.Position = 0;
            return n == 2 && signature[0] == 0x1F && signature[1] == 0x8B ? GzipMemberStream.Open(file, path) : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
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
        // Images are read to train or predict: the tier's kernels compile on another core meanwhile.
        Kernels.TierWarmUp.Start();
        var header = ReadHeader(stream, name, 16, ImagesMagic);
        int count = ReadInt(header, 4, name, "image count");
        int height = ReadInt(header, 8, name, "row count");
        int width = ReadInt(header, 12, name, "column count");
        if (count == 0 || height == 0 || width == 0)
            throw new InvalidDataException($"{name}: the header says {count} images of {height}×{width}; every dimension must be at least 1.");
        var size = (UInt128)(uint)count * (uint)height * (uint)width;
        if (size > (UInt128)Array.MaxLength)
            throw new InvalidDataException($"{name}: {count} images of {height}×{width} ({size} bytes) are more than one array holds ({Array.MaxLength} bytes).");
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
        CheckAnnouncedLength(stream, name, length, what);
        // Only a seekable stream's length is a verified size; elsewhere the buffer grows as the data arrives.
        long upFront = stream switch
        {
            GzipMemberStream gzip => Math.Max(MinimumUpFront, 8 * gzip.CompressedLength),
            { CanSeek: true } => length,
            _ => MinimumUpFront,
        };
        var data = Allocate((int)Math.Min(length, upFront), length);
        int filled = 0;
        while (true)
        {
            filled += Fill(stream, data.AsSpan(filled), name);
            if (filled < data.Length || data.Length == length) break;
            var bigger = Allocate((int)Math.Min(length, 2L * data.Length), length);
            data.AsSpan(0, filled).CopyTo(bigger);
            data = bigger;
        }
        if (filled < length) throw SizeMismatch(name, length, filled, what, "");
        RefuseTrailingBytes(stream, name, length, what);
        return data;
    }

    private const int MinimumUpFront = 1 << 20;

    private static byte[] Allocate(int size, int finalSize) =>
        size == finalSize ? LargePages.Allocate<byte>(size) : GC.AllocateUninitializedArray<byte>(size);

    /// <summary>
    /// Refuses a payload whose length the stream announces (an uncompressed file's length, a gzip trailer's ISIZE)
    /// when it differs from the header's, before anything is allocated or decompressed.
    /// </summary>
    private static void CheckAnnouncedLength(Stream stream, string name, int length, string what)
    {
        (long found, string source) = stream switch
        {
            GzipMemberStream gzip => ((gzip.RecordedLength - gzip.Produced) & uint.MaxValue, " according to the gzip trailer"),
            { CanSeek: true } => (stream.Length - stream.Position, ""),
            _ => (length, ""),
        };
        if (found != length) throw SizeMismatch(name, length, found, what, source);
    }

    private static InvalidDataException SizeMismatch(string name, long expected, long found, string what, string source) =>
        new(found < expected
            ? $"{name}: expected {expected} {what} bytes after the header, found {found}{source} (file truncated?)."
            : $"{name}: expected {expected} {what} bytes after the header, found {found - expected} more than that{source} (wrong header or concatenated files?).");

    private static void RefuseTrailingBytes(Stream stream, string name, int length, string what)
    {
        Span<byte> probe = stackalloc byte[4096];
        long extra = 0;
        int m;
        while ((m = ReadSome(stream, probe, name)) > 0) extra += m;
        if (extra > 0) throw SizeMismatch(name, length, length + extra, what, "");
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
            throw new InvalidDataException($"{name}: damaged gzip data: {e.Message.TrimEnd('.')}.", e);
        }
    }
}
