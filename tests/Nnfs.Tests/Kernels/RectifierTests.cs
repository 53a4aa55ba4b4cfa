using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

/// <summary>The ReLU's vectorised loops against the plain loops they replace.</summary>
public class RectifierTests
{
    private static float[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 4 - 2);
        return v;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(300 * 64 + 5)]
    public void ReLUMaskIsTheScalarLoopBitForBit(int n)
    {
        var x = Values(n, n);
        var d = Values(n, n + 1);
        x[0] = 0f;
        if (n > 3)
        {
            x[1] = -0f;
            x[2] = float.NaN;
            x[3] = float.Epsilon;
        }
        var expected = new float[n];
        for (int i = 0; i < n; i++) expected[i] = x[i] <= 0 ? 0f : d[i];
        var actual = new float[n];
        Rectifier.Mask(x, d, actual);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300 * 64 + 5)]
    public void ReLUForwardIsTensorPrimitivesMaxBitForBit(int n)
    {
        var x = Values(n, n);
        x[0] = -0f;
        if (n > 4)
        {
            x[1] = float.NaN;
            x[2] = float.NegativeInfinity;
            x[3] = float.PositiveInfinity;
            x[4] = 0f;
        }
        var expected = new float[n];
        System.Numerics.Tensors.TensorPrimitives.Max(x, 0f, expected);
        var actual = new float[n];
        Rectifier.Rectify(x, actual);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }
}
