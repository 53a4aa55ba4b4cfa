using Nnfs.Tensors;

namespace Nnfs.Tests.Optimizers;

/// <summary>Random layers and gradients for the Adam tests, and a bit-for-bit comparison.</summary>
internal static class AdamTestData
{
    /// <summary>A rows×columns weight matrix and 1×columns biases, uniform in [−0.5, 0.5).</summary>
    public static FakeTrainableLayer RandomLayer(int rows, int columns, Random random)
    {
        var weights = new Matrix(rows, columns);
        var biases = new Matrix(1, columns);
        foreach (var m in new[] { weights, biases })
            for (int i = 0; i < m.Length; i++) m.Span[i] = (float)(random.NextDouble() - 0.5);
        return new FakeTrainableLayer(weights, biases);
    }

    /// <summary>Gradients (U − 0.5)·2ᵉ, e in [−30, 3], so |g| &lt; 4 down to tiny values (tiny caches and large steps
    /// both occur).</summary>
    public static void RandomGradients(FakeTrainableLayer layer, Random random)
    {
        foreach (var p in layer.Parameters)
            for (int i = 0; i < p.Gradient.Length; i++)
                p.Gradient.Span[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-30, 4)));
    }

    /// <summary>Fails naming the first element whose bits differ.</summary>
    public static void AssertBits(float[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
                Assert.Fail($"{what}[{i}]: {actual[i]:R}, expected {expected[i]:R}");
    }
}
