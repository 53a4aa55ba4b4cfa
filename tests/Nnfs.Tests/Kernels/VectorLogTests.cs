using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public class VectorLogTests
{
    [Fact]
    public void MatchesDoubleLogWithinAFewUlp()
    {
        var x = new List<float>();
        for (float v = 1e-7f; v < 1f; v *= 1.0173f) x.Add(v);
        for (float v = 0.5f; v < 2f; v += 0.000731f) x.Add(v);
        for (float v = 1f; v < 1e30f; v *= 3.17f) x.Add(v);
        x.AddRange([1f, 0.99999988f, 1.17549435e-38f, float.Epsilon, 1.5e-40f, float.MaxValue]);
        var input = x.ToArray();
        var result = new float[input.Length];
        VectorLog.Log(input, result);
        for (int i = 0; i < input.Length; i++)
        {
            double expected = Math.Log(input[i]);
            double tolerance = Math.Max(3e-7 * Math.Abs(expected), 1.2e-7 * 2);
            Assert.True(Math.Abs(result[i] - expected) <= tolerance, $"log({input[i]:R}) = {result[i]:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void SpecialValuesAndTheTail()
    {
        float[] input = [0f, -0f, float.PositiveInfinity, -1f, float.NaN, float.NegativeInfinity, 1f, 2f, 0.5f, 10f];
        var result = new float[input.Length];
        VectorLog.Log(input, result);
        Assert.Equal(float.NegativeInfinity, result[0]);
        Assert.Equal(float.NegativeInfinity, result[1]);
        Assert.Equal(float.PositiveInfinity, result[2]);
        Assert.True(float.IsNaN(result[3]) && float.IsNaN(result[4]) && float.IsNaN(result[5]));
        Assert.Equal(0f, result[6]);
        Assert.Equal(MathF.Log(2f), result[7], 1e-7f);
        Assert.Equal(MathF.Log(0.5f), result[8], 1e-7f);
        Assert.Equal(MathF.Log(10f), result[9], 2e-6f);
        Assert.Throws<ArgumentException>(() => VectorLog.Log(input, new float[2]));
    }
}
