using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public class VectorExpTests
{
    [Fact]
    public void MatchesDoubleExpWithinAFewUlpOverTheFloatRange()
    {
        var x = new List<float>();
        for (float v = -87.3f; v <= 88.7f; v += 0.0137f) x.Add(v);
        x.AddRange([0f, -0f, 1e-8f, -1e-8f, 0.3465f, -0.3466f, 88.37f, 88.72f, -87.33f]);
        var input = x.ToArray();
        var result = new float[input.Length];
        VectorExp.Exp(input, result);
        for (int i = 0; i < input.Length; i++)
        {
            double expected = Math.Exp(input[i]);
            double tolerance = (input[i] > 88.37f ? 2e-6 : 4e-7) * expected;
            Assert.True(Math.Abs(result[i] - expected) <= tolerance, $"exp({input[i]:R}) = {result[i]:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void SpecialValuesAndTheTailAgreeWithTheVectorBody()
    {
        float[] input = [float.NegativeInfinity, -1000f, -87.5f, float.NaN, 89f, float.PositiveInfinity, 1f, 2f, -3f, 0.5f, -0.25f];
        var result = new float[input.Length];
        VectorExp.Exp(input, result);
        Assert.Equal([0f, 0f, 0f], result[..3]);
        Assert.True(float.IsNaN(result[3]));
        Assert.Equal(float.PositiveInfinity, result[4]);
        Assert.Equal(float.PositiveInfinity, result[5]);
        // The last three go through the padded tail: the same values as in a full vector.
        var one = new float[8];
        for (int i = 8; i < input.Length; i++)
        {
            VectorExp.Exp(Enumerable.Repeat(input[i], 8).ToArray(), one);
            Assert.Equal(one[0], result[i]);
        }
        var inPlace = (float[])input.Clone();
        VectorExp.Exp(inPlace, inPlace);
        Assert.Equal(result.Select(BitConverter.SingleToInt32Bits), inPlace.Select(BitConverter.SingleToInt32Bits));
        Assert.Throws<ArgumentException>(() => VectorExp.Exp(input, new float[2]));
    }
}
