using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public class ElementMathTests
{
    private static float[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 4 - 2);
        return v;
    }

    private static int[] Bits(ReadOnlySpan<float> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(values).ToArray();

    [Theory]
    [InlineData(IsaTier.Scalar)]
    [InlineData(IsaTier.Vector128)]
    [InlineData(IsaTier.Vector128Unfused)]
    [InlineData(IsaTier.Vector256)]
    [InlineData(IsaTier.Vector512)]
    public void AllFiniteFindsEveryNonFiniteValueAtEveryPosition(IsaTier tier)
    {
        using var _ = Engine.UseTier(tier);
        foreach (int n in new[] { 1, 5, 8, 37, 64 })
        {
            var values = Values(n, n);
            Assert.True(ElementMath.AllFinite(values));
            foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
                for (int i = 0; i < n; i++)
                {
                    var copy = (float[])values.Clone();
                    copy[i] = bad;
                    Assert.False(ElementMath.AllFinite(copy), $"n={n}, {bad} at {i}");
                }
        }
        Assert.True(ElementMath.AllFinite([float.MaxValue, -float.MaxValue, float.Epsilon, -0f]));
    }

    [Fact]
    public void NegateFlipsOnlyTheSignBit()
    {
        foreach (int n in new[] { 1, 7, 8, 19 })
        {
            var values = Values(n, n);
            values[0] = 0f;
            if (n > 1) values[n - 1] = float.NaN;
            var expected = values.Select(v => -v).ToArray();
            ElementMath.Negate(values);
            Assert.Equal(Bits(expected), Bits(values));
        }
    }
}
