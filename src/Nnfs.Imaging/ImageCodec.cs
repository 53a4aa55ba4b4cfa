using Nnfs.IO;
using Nnfs.Datasets;
using SkiaSharp;

namespace Nnfs.Imaging;

/// <summary>Decodes PNG and JPEG files to <see cref="GrayImage"/> and writes gray PNGs, through SkiaSharp.</summary>
/// <remarks>
/// Gray files are read as they are. Colour files are decoded to 8-bit RGBA without colour management (no gamma or
/// ICC conversion) and converted with <see cref="Grayscale"/> (0.299 R + 0.587 G + 0.114 B); alpha is dropped.
/// EXIF orientation is not applied.
/// <para>Limits: the dimensions are read from the file's header before anything is decoded, and an image of more than
/// <see cref="MaxPixels"/> pixels (64 megapixels, e.g. 8192 × 8192) is refused, so a small file claiming a huge image
/// costs nothing. Decoding allocates at most 5 bytes per pixel (the gray result and, for colour files, an RGBA
/// buffer): at most 320 MiB at the limit. A file that is damaged or in a format the decoder does not know is refused
/// with <see cref="InvalidDataException"/> saying what is wrong in words; a path that is a directory, a device or a
/// pipe is refused the same way without being opened (<see cref="InputFile"/>).</para>
/// </remarks>
public static class ImageCodec
{
    /// <summary>
    /// The largest image decoded, in pixels (width × height): 67,108,864 = 8192 × 8192 (64 megapixels; a 48-megapixel
    /// phone photo fits).
    /// </summary>
    public const long MaxPixels = 8192L * 8192;

    /// <summary>Loads an image file as gray.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an image SkiaSharp can decode, is damaged, has more
    /// than <see cref="MaxPixels"/> pixels, or is not a regular file (a directory, device or pipe); the message names
    /// it.</exception>
    public static GrayImage LoadGray(string path)
    {
        using var stream = InputFile.OpenRead(path);
        return LoadGray(stream, path);
    }

    /// <summary>Decodes an image from <paramref name="stream"/>; <paramref name="name"/> is used in errors.</summary>
    /// <exception cref="InvalidDataException">The data is not a decodable image, is damaged, or has more than
    /// <see cref="MaxPixels"/> pixels; the message starts with <paramref name="name"/>.</exception>
    public static GrayImage LoadGray(Stream stream, string name) => LoadGray(stream, name, MaxPixels);

    /// <summary>
    /// Decodes an image from <paramref name="stream"/>, refusing one of more than <paramref name="maxPixels"/> pixels
    /// (checked from the header, before anything is decoded); <paramref name="name"/> is used in errors.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPixels"/> is below 1 or above <see cref="MaxPixels"/>.</exception>
    /// <exception cref="InvalidDataException">The data is not a decodable image, is damaged, or has more than
    /// <paramref name="maxPixels"/> pixels; the message starts with <paramref name="name"/>.</exception>
    public static unsafe GrayImage LoadGray(Stream stream, string name, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPixels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPixels, MaxPixels);
        using var managed = new SKManagedStream(stream, disposeManagedStream: false);
        using var codec = SKCodec.Create(managed, out var status) ?? throw new InvalidDataException(status == SKCodecResult.Unimplemented
            ? $"{name}: not in an image format the decoder knows (PNG or JPEG expected)."
            : $"{name}: cannot be decoded: {Describe(status)}.");
        int width = codec.Info.Width, height = codec.Info.Height;
        if (width < 1 || height < 1) throw new InvalidDataException($"{name}: the image is {width}×{height}; both dimensions must be at least 1.");
        long pixels = (long)width * height;
        if (pixels > maxPixels)
            throw new InvalidDataException(maxPixels == MaxPixels
                ? $"{name}: the image is {width}×{height} ({pixels} pixels), more than the {MaxPixels} (8192×8192) that are decoded; shrink it first."
                : $"{name}: the image is {width}×{height} ({pixels} pixels), more than the {maxPixels} that are decoded; shrink it first.");
        var gray = new byte[pixels];
        if (codec.Info.ColorType == SKColorType.Gray8)
        {
            var info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
            fixed (byte* p = gray) Check(codec.GetPixels(info, (IntPtr)p), name);
        }
        else
        {
            var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var rgba = new byte[4 * pixels];
            fixed (byte* p = rgba) Check(codec.GetPixels(info, (IntPtr)p), name);
            Grayscale.FromRgba(rgba, gray);
        }
        return new GrayImage(width, height, gray);
    }

    /// <summary>Writes <paramref name="image"/> as an 8-bit grayscale PNG.</summary>
    public static void SavePng(GrayImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.Create(path);
        SavePng(image, stream);
    }

    /// <summary>Writes <paramref name="image"/> as an 8-bit grayscale PNG to <paramref name="stream"/>.</summary>
    public static unsafe void SavePng(GrayImage image, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(stream);
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        fixed (byte* p = image.Pixels)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)p, image.Width);
            using var data = pixmap.Encode(SKPngEncoderOptions.Default)
                ?? throw new InvalidOperationException("SkiaSharp could not encode the PNG.");
            data.SaveTo(stream);
        }
    }

    private static void Check(SKCodecResult result, string name)
    {
        if (result != SKCodecResult.Success) throw new InvalidDataException($"{name}: cannot be decoded: {Describe(result)}.");
    }

    /// <summary>What a decoder result means, in words.</summary>
    internal static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the image data is incomplete (file truncated?)",
        SKCodecResult.ErrorInInput => "the image data is damaged",
        SKCodecResult.InvalidInput => "the file is not a valid image",
        SKCodecResult.InvalidConversion => "its pixel format cannot be converted to gray",
        SKCodecResult.InvalidScale => "it cannot be decoded at its own size",
        SKCodecResult.InvalidParameters => "the decoder refused the decoding parameters",
        SKCodecResult.CouldNotRewind => "the data could not be read a second time",
        SKCodecResult.InternalError => "the decoder failed internally",
        SKCodecResult.Unimplemented => "it uses a format or feature that the decoder does not support",
        _ => $"the decoder reported result {(int)result}",
    };
}
