namespace Nnfs.Imaging;

/// <summary>An 8-bit grayscale image: row-major bytes, 0 = black, 255 = white (OpenCV's single-channel uint8 array).</summary>
public sealed class GrayImage
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied) as a <paramref name="width"/> × <paramref name="height"/> image.</summary>
    /// <exception cref="ArgumentException">The array length is not width · height, or a dimension is below 1.</exception>
    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"a {width}×{height} image needs {(long)width * height} pixels, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>The pixels, row after row.</summary>
    public byte[] Pixels { get; }

    /// <summary>Pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public byte this[int x, int y] => Pixels[y * Width + x];

    /// <summary>The negative, <c>255 − p</c> for every pixel (the book's <c>255 - image_data</c>).</summary>
    public GrayImage Invert()
    {
        var result = new byte[Pixels.Length];
        for (int i = 0; i < result.Length; i++) result[i] = (byte)(255 - Pixels[i]);
        return new GrayImage(Width, Height, result);
    }

    /// <summary>Mean brightness of the outermost rows and columns (each border pixel counted once).</summary>
    public double BorderMean()
    {
        long sum = 0;
        int count = 0;
        for (int y = 0; y < Height; y++)
        {
            bool edgeRow = y == 0 || y == Height - 1;
            for (int x = 0; x < Width; x++)
            {
                if (edgeRow || x == 0 || x == Width - 1)
                {
                    sum += Pixels[y * Width + x];
                    count++;
                }
            }
        }
        return (double)sum / count;
    }
}
