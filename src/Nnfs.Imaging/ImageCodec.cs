using SkiaSharp;

namespace Nnfs.Imaging;

/// <summary>Decodes PNG and JPEG files to <see cref="GrayImage"/> and writes gray PNGs, through SkiaSharp.</summary>
/// <remarks>
/// Gray files are read as they are. Colour files are decoded to 8-bit RGBA without colour management (no gamma or
/// ICC conversion) and converted with <see cref="Grayscale"/> (0.299 R + 0.587 G + 0.114 B); alpha is dropped.
/// EXIF orientation is not applied.
/// </remarks>
public static class ImageCodec
{
    /// <summary>Loads an image file as gray.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an image SkiaSharp can decode; the message names it.</exception>
    public static GrayImage LoadGray(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        using var stream = File.OpenRead(path);
        return LoadGray(stream, path);
    }

    /// <summary>Decodes an image from <paramref name="stream"/>; <paramref name="name"/> is used in errors.</summary>
    /// <exception cref="InvalidDataException">The data is not a decodable image.</exception>
    public static unsafe GrayImage LoadGray(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var managed = new SKManagedStream(stream, disposeManagedStream: false);
        using var codec = SKCodec.Create(managed, out var status)
            ?? throw new InvalidDataException($"{name}: not an image that can be decoded (PNG or JPEG expected; {status}).");
        int width = codec.Info.Width, height = codec.Info.Height;
        if (width < 1 || height < 1) throw new InvalidDataException($"{name}: the image is {width}×{height}.");
        var gray = new byte[checked(width * height)];
        if (codec.Info.ColorType == SKColorType.Gray8)
        {
            var info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
            fixed (byte* p = gray) Check(codec.GetPixels(info, (IntPtr)p), name);
        }
        else
        {
            var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var rgba = new byte[checked(gray.Length * 4)];
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
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new InvalidDataException($"{name}: decoding failed ({result}).");
        if (result == SKCodecResult.IncompleteInput)
            throw new InvalidDataException($"{name}: the image data is incomplete (file truncated?).");
    }
}
