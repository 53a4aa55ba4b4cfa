using Nnfs.Datasets;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Datasets;

public class InputPreparationTests
{
    private static int[] Bits(ReadOnlySpan<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void ImageScalingGivesThePixelScalingBitsForEveryByte()
    {
        var input = InputPreparation.Image(16, 16);
        var raw = Enumerable.Range(0, 256).Select(v => (float)v).ToArray();
        var prepared = new float[256];
        input.Apply(raw, prepared);
        var expected = new float[256];
        PixelScaling.Scale(Enumerable.Range(0, 256).Select(v => (byte)v).ToArray(), expected);
        Assert.Equal(Bits(expected), Bits(prepared));
        Assert.Equal((InputKind.Image, 256, 16, 16, false), (input.Kind, input.Length, input.Height, input.Width, input.IsIdentity));
        Assert.All(input.Center, c => Assert.Equal(127.5f, c));
        Assert.All(input.Scale, s => Assert.Equal(127.5f, s));
        Assert.Equal(256, input.Center.Count);
    }

    [Fact]
    public void StandardizedFeaturesGiveTheStandardizerBits()
    {
        var random = new RandomState(3);
        var data = new Matrix(50, 4);
        random.Randn(data.Span);
        for (int i = 0; i < data.Length; i++) data.Span[i] = data.Span[i] * (1 + i % 4) + i % 3;
        var standardizer = Standardizer.Fit(data);
        var input = InputPreparation.Features(4, ["a", "b", "c", "d"], standardizer);
        var prepared = new float[data.Length];
        input.Apply(data.Span, prepared);
        var expected = standardizer.Transform(data);
        Assert.Equal(Bits(expected.Span), Bits(prepared));
        Assert.Equal(["a", "b", "c", "d"], input.FeatureNames!);
        Assert.Equal(standardizer.Mean, input.Center);
        Assert.Equal(standardizer.Std, input.Scale);
        Assert.False(input.IsIdentity);
    }

    [Fact]
    public void IdentityPassesValuesThroughAndWorksInPlace()
    {
        float[] raw = [-0f, float.NaN, 3.25f, -1e30f];
        var input = InputPreparation.Features(2);
        Assert.True(input.IsIdentity);
        Assert.Equal([0f, 0f], input.Center);
        Assert.Equal([1f, 1f], input.Scale);
        var prepared = new float[4];
        input.Apply(raw, prepared);
        Assert.Equal(Bits(raw), Bits(prepared));
        Assert.True(InputPreparation.Image(2, 2, pixelScaling: false).IsIdentity);

        float[] inPlace = [0f, 255f, 127.5f, 51f];
        var image = InputPreparation.Image(1, 4);
        var expected = new float[4];
        image.Apply(inPlace, expected);
        image.Apply(inPlace, inPlace);
        Assert.Equal(Bits(expected), Bits(inPlace));
        Assert.Equal([-1f, 1f, 0f], inPlace[..3]);
    }

    [Fact]
    public void WithScalingKeepsTheShapeAndAppliesPerValue()
    {
        var input = InputPreparation.Features(2, ["x", "y"]).WithScaling([1f, -2f], [2f, 4f]);
        var prepared = new float[4];
        input.Apply([3f, 2f, 1f, 6f], prepared);
        Assert.Equal([1f, 1f, 0f, 2f], prepared);
        Assert.Equal(["x", "y"], input.FeatureNames!);
        var image = InputPreparation.Image(2, 3).WithScaling(0, 255);
        Assert.Equal((InputKind.Image, 2, 3), (image.Kind, image.Height, image.Width));
        image.Apply([255f, 0f, 51f, 102f, 153f, 204f], prepared = new float[6]);
        Assert.Equal([1f, 0f, 0.2f, 0.4f, 0.6f, 0.8f], prepared);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InputPreparation.Image(0, 28));
        Assert.Throws<ArgumentOutOfRangeException>(() => InputPreparation.Image(65536, 65536));
        Assert.Throws<ArgumentOutOfRangeException>(() => InputPreparation.Features(0));
        Assert.Contains("3 feature names", Assert.Throws<ArgumentException>(() => InputPreparation.Features(2, ["a", "b", "c"])).Message);
        var standardizer = Standardizer.FromStatistics([0f, 0f, 0f], [1f, 1f, 1f]);
        Assert.Contains("3 columns", Assert.Throws<ArgumentException>(() => InputPreparation.Features(2, null, standardizer)).Message);
        Assert.Contains("scale 0", Assert.Throws<ArgumentException>(() => InputPreparation.Image(2, 2).WithScaling(0, 0)).Message);
        Assert.Contains("value 1", Assert.Throws<ArgumentException>(() => InputPreparation.Features(2).WithScaling([0f, float.NaN], [1f, 1f])).Message);
        var input = InputPreparation.Features(3);
        Assert.Contains("multiple of 3", Assert.Throws<ArgumentException>(() => input.Apply(new float[4], new float[4])).Message);
        Assert.Throws<ArgumentException>(() => input.Apply(new float[3], new float[6]));
    }

    [Fact]
    public void DescribesItselfInOneLine()
    {
        Assert.Equal("image 28×28, (x − 127.5) / 127.5", InputPreparation.Image(28, 28).ToString());
        Assert.Equal("4 features, as they are", InputPreparation.Features(4).ToString());
    }
}
