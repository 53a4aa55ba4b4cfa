using Nnfs.Datasets;
using Nnfs.Tensors;

namespace Nnfs.Imaging;

/// <summary>Whether <see cref="ImagePreparation"/> inverts an image (Fashion-MNIST is light on a black background).</summary>
public enum InvertMode
{
    /// <summary>Invert when the background looks light: the mean of the border pixels is above 127 (default).</summary>
    Auto,

    /// <summary>Always invert (the book's <c>255 - image_data</c>, right for dark garments photographed on white).</summary>
    Always,

    /// <summary>Never invert (the image is already light on dark, like the data set).</summary>
    Never,
}

/// <summary>
/// The book's chapter 22 preprocessing of a user's photo for a Fashion-MNIST model: gray, 28 × 28, inverted if the
/// background is light, flattened and scaled to [−1, 1].
/// </summary>
/// <remarks>
/// Steps: (1) load as gray (<see cref="ImageCodec"/>, weights 0.299/0.587/0.114); (2) resize with
/// <see cref="BilinearResize"/> (like <c>cv2.resize</c>, INTER_LINEAR); (3) invert, <c>255 − p</c>, according to
/// <see cref="InvertMode"/> — <see cref="InvertMode.Auto"/> decides from the original gray image: a border mean
/// above 127 means a light background, which the data set never has; (4) <c>(p − 127.5) / 127.5</c> in float32
/// (<see cref="PixelScaling"/>), one row of 784 values.
/// </remarks>
public static class ImagePreparation
{
    /// <summary>The border mean above which <see cref="InvertMode.Auto"/> inverts: 127.</summary>
    public const double LightBackgroundThreshold = 127;

    /// <summary>True when the image's border is light on average (mean above 127), i.e. dark-on-light.</summary>
    public static bool HasLightBackground(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.BorderMean() > LightBackgroundThreshold;
    }

    /// <summary>Steps 2–3: resizes and inverts as requested.</summary>
    /// <param name="image">The gray image, any size.</param>
    /// <param name="invert">Inversion policy. Default <see cref="InvertMode.Auto"/>.</param>
    /// <param name="inverted">Whether the image was inverted.</param>
    /// <param name="width">Target width. Default 28.</param>
    /// <param name="height">Target height. Default 28.</param>
    public static GrayImage Prepare(GrayImage image, InvertMode invert, out bool inverted, int width = 28, int height = 28)
    {
        ArgumentNullException.ThrowIfNull(image);
        inverted = invert switch
        {
            InvertMode.Always => true,
            InvertMode.Never => false,
            InvertMode.Auto => HasLightBackground(image),
            _ => throw new ArgumentOutOfRangeException(nameof(invert), invert, "unknown InvertMode"),
        };
        var resized = image.Width == width && image.Height == height ? image : BilinearResize.Resize(image, width, height);
        return inverted ? resized.Invert() : resized;
    }

    /// <summary>Step 4: a 1 × (width · height) row of pixels scaled to [−1, 1].</summary>
    public static Matrix ToMatrix(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var m = new Matrix(1, image.Pixels.Length);
        PixelScaling.Scale(image.Pixels, m.Span);
        return m;
    }

    /// <summary>All steps for image files: one scaled row per file, ready for <c>Model.Predict</c>.</summary>
    /// <param name="paths">PNG or JPEG files.</param>
    /// <param name="invert">Inversion policy. Default <see cref="InvertMode.Auto"/>.</param>
    /// <param name="inverted">For each file, whether it was inverted.</param>
    /// <param name="width">Target width. Default 28.</param>
    /// <param name="height">Target height. Default 28.</param>
    public static Matrix LoadForPrediction(IReadOnlyList<string> paths, InvertMode invert, out bool[] inverted, int width = 28, int height = 28)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var m = new Matrix(paths.Count, width * height);
        inverted = new bool[paths.Count];
        for (int i = 0; i < paths.Count; i++)
        {
            var prepared = Prepare(ImageCodec.LoadGray(paths[i]), invert, out inverted[i], width, height);
            PixelScaling.Scale(prepared.Pixels, m.Row(i));
        }
        return m;
    }
}
