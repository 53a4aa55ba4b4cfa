using System.Buffers.Binary;
using Nnfs.Imaging;
using SkiaSharp;

namespace Nnfs.Imaging.Tests;

/// <summary>
/// Mutation fuzzing of <see cref="ImageCodec"/> over PNG and JPEG seeds made here with SkiaSharp. Only
/// <see cref="InvalidDataException"/> may come out, and a decode allocates at most the documented 5 bytes per pixel
/// of the dimensions the header declares (never more than <see cref="ImageCodec.MaxPixels"/>) + 1 MiB.
/// </summary>
public class ImageCodecFuzzTests
{
    [Fact]
    public void GrayPng() => Run("png gray", Encode(SKColorType.Gray8, SKEncodedImageFormat.Png), 600_000, fixPngCrcs: true);

    [Fact]
    public void ColourPng() => Run("png colour", Encode(SKColorType.Rgba8888, SKEncodedImageFormat.Png), 700_000, fixPngCrcs: true);

    [Fact]
    public void ColourJpeg() => Run("jpeg colour", Encode(SKColorType.Rgba8888, SKEncodedImageFormat.Jpeg), 800_000, fixPngCrcs: false);

    private static void Run(string name, byte[] seedInput, int seed, bool fixPngCrcs)
    {
        int refused = Fuzzer.Run(name, seedInput, input => ImageCodec.LoadGray(new MemoryStream(input), "fuzz"),
            input => 5 * Math.Min(DeclaredPixels(input), ImageCodec.MaxPixels) + (1 << 20), [typeof(InvalidDataException)], seed,
            cases: Fuzzer.Cases * 2 / 3,
            mutate: (s, random) => fixPngCrcs ? FixPngCrcs(Fuzzer.Mutate(s, random)) : Fuzzer.Mutate(s, random));
        Assert.InRange(refused, 1, Fuzzer.Cases);
    }

    /// <summary>The pixel count the header declares, as SkiaSharp reads it (0 when it reads no header).</summary>
    private static long DeclaredPixels(byte[] input)
    {
        using var data = SKData.CreateCopy(input);
        using var codec = SKCodec.Create(data);
        return codec is null ? 0 : (long)codec.Info.Width * codec.Info.Height;
    }

    /// <summary>Recomputes the CRC of every whole chunk, so that mutations reach past libpng's CRC checks.</summary>
    private static byte[] FixPngCrcs(byte[] png)
    {
        for (int at = 8; at + 12 <= png.Length;)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            if (at + 12 + length > png.Length) break;
            int n = (int)length;
            BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(at + 8 + n), Crc32Reference.Compute(png.AsSpan(at + 4, 4 + n)));
            at += 12 + n;
        }
        return png;
    }

    private static byte[] Encode(SKColorType colorType, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(24, 16, colorType, colorType == SKColorType.Gray8 ? SKAlphaType.Opaque : SKAlphaType.Unpremul));
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 24; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 10), (byte)(y * 15), (byte)(x * y), 255));
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }
}
