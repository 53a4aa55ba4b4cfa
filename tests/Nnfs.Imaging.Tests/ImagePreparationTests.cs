using Nnfs.Datasets;
using Nnfs.Imaging;
using SkiaSharp;

namespace Nnfs.Imaging.Tests;

public class ImagePreparationTests
{
    [Fact]
    public void DarkGarmentOnWhitePhotoIsInverted()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("tshirt.png");
        WriteScene(path, background: new SKColor(250, 250, 245), garment: new SKColor(30, 40, 60));
        var x = ImagePreparation.LoadForPrediction([path], InvertMode.Auto, out var inverted);
        Assert.True(inverted[0]);
        Assert.Equal((1, 784), (x.Rows, x.Columns));
        // After inversion the background is dark (≈ −1) and the garment light, like Fashion-MNIST.
        Assert.True(x[0, 0] < -0.9f);
        Assert.True(x[0, 14 * 28 + 14] > 0.5f);
    }

    [Fact]
    public void LightGarmentOnBlackIsLeftAlone()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("light.png");
        WriteScene(path, background: new SKColor(5, 5, 5), garment: new SKColor(220, 210, 200));
        var x = ImagePreparation.LoadForPrediction([path], InvertMode.Auto, out var inverted);
        Assert.False(inverted[0]);
        Assert.True(x[0, 0] < -0.9f);
        Assert.True(x[0, 14 * 28 + 14] > 0.5f);
    }

    [Fact]
    public void ExplicitModesOverrideTheHeuristic()
    {
        var light = new GrayImage(4, 4, Enumerable.Repeat((byte)240, 16).ToArray());
        Assert.True(ImagePreparation.HasLightBackground(light));
        var never = ImagePreparation.Prepare(light, InvertMode.Never, out bool n, 4, 4);
        Assert.False(n);
        Assert.Same(light, never);
        var always = ImagePreparation.Prepare(light.Invert(), InvertMode.Always, out bool a, 4, 4);
        Assert.True(a);
        Assert.Equal(light.Pixels, always.Pixels);
    }

    [Fact]
    public void StepsAreResizeThenInvertThenScale()
    {
        var src = BilinearResizeTests.Source(90, 70);
        var prepared = ImagePreparation.Prepare(src, InvertMode.Always, out _);
        var expected = BilinearResize.Resize(src, 28, 28).Invert();
        Assert.Equal(expected.Pixels, prepared.Pixels);
        var row = ImagePreparation.ToMatrix(prepared);
        for (int i = 0; i < 784; i++) Assert.Equal(PixelScaling.Scale(expected.Pixels[i]), row[0, i]);
    }

    [Fact]
    public void BorderMeanCountsEachBorderPixelOnce()
    {
        var img = new GrayImage(3, 3, [10, 10, 10, 10, 255, 10, 10, 10, 10]);
        Assert.Equal(10.0, img.BorderMean());
    }

    /// <summary>A 120×100 RGB photo-like PNG: a filled garment shape in the middle of a plain background.</summary>
    private static void WriteScene(string path, SKColor background, SKColor garment)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(120, 100, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(background);
            using var paint = new SKPaint { Color = garment, IsAntialias = false };
            canvas.DrawRect(new SKRect(35, 20, 85, 85), paint);
            canvas.DrawRect(new SKRect(15, 20, 105, 40), paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
