namespace Nnfs.Imaging;

/// <summary>Colour to gray conversion with the ITU-R BT.601 luma weights that OpenCV uses.</summary>
/// <remarks>
/// <c>gray = 0.299 R + 0.587 G + 0.114 B</c>, computed as OpenCV's 8-bit <c>cvtColor(RGB2GRAY)</c> does (OpenCV 4), in 15-bit
/// fixed point: <c>(9798 R + 19235 G + 3735 B + 16384) &gt;&gt; 15</c>. Alpha is ignored (dropped, as by
/// <c>cv2.imread(..., IMREAD_GRAYSCALE)</c>). The book reads colour PNGs with <c>IMREAD_GRAYSCALE</c>, where libpng
/// also applies the files' gamma chunks; that can differ from this plain luma by a few tens of grey levels on
/// gamma-tagged files (spec §3, chapter 22).
/// </remarks>
public static class Grayscale
{
    private const int RedWeight = 9798;
    private const int GreenWeight = 19235;
    private const int BlueWeight = 3735;

    /// <summary>The gray value of one colour.</summary>
    public static byte FromRgb(byte r, byte g, byte b) =>
        (byte)((r * RedWeight + g * GreenWeight + b * BlueWeight + (1 << 14)) >> 15);

    /// <summary>Converts interleaved RGBA pixels (4 bytes each) to gray.</summary>
    /// <exception cref="ArgumentException">The lengths do not match (4 bytes in per byte out).</exception>
    public static void FromRgba(ReadOnlySpan<byte> rgba, Span<byte> gray)
    {
        if (rgba.Length != gray.Length * 4)
            throw new ArgumentException($"{rgba.Length} RGBA bytes do not make {gray.Length} pixels.", nameof(rgba));
        for (int i = 0; i < gray.Length; i++)
            gray[i] = FromRgb(rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]);
    }
}
