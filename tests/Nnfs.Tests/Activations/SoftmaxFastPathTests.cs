using Nnfs.Activations;
using Nnfs.Tensors;

namespace Nnfs.Tests.Activations;

/// <summary>Softmax's fast forward loops against the exact path and the plain loop they replace.</summary>
public class SoftmaxFastPathTests
{
    private static float[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 4 - 2);
        return v;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(45)]
    public void SoftmaxFastForwardAgreesWithExactPath(int columns)
    {
        const int rows = 29;
        var x = new Matrix(rows, columns);
        Values(rows * columns, columns).Select(v => v * 20).ToArray().CopyTo(x.Span);
        var exact = new Softmax();
        using (Engine.UsePath(NumericPath.Exact)) exact.Forward(x, training: false);
        var fast = new Matrix(rows, columns);
        Softmax.FastForward(x, fast);
        for (int i = 0; i < fast.Span.Length; i++)
            Assert.True(Math.Abs(fast.Span[i] - exact.Output.Span[i]) <= 2e-6f + 1e-5f * exact.Output.Span[i],
                $"element {i}: fast {fast.Span[i]} vs exact {exact.Output.Span[i]}");
    }

    [Fact]
    public void SoftmaxThreeColumnBlocksAreBitIdenticalToTheNarrowLoop()
    {
        float[] special = [0f, -0f, 1f, 1f, 88f, -100f, 90f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        var rng = new Random(17);
        for (int rows = 1; rows <= 50; rows++)
        {
            var x = new Matrix(rows, 3);
            for (int i = 0; i < x.Length; i++)
                x.Span[i] = rng.Next(4) == 0 ? special[rng.Next(special.Length)] : (float)(rng.NextDouble() * 40 - 20);
            var fast = new Matrix(rows, 3);
            Softmax.FastForward(x, fast);
            var reference = new float[x.Length];
            Softmax.FastForwardNarrow(x.Span, 3, reference);
            Assert.Equal(Bits(reference), Bits(fast.Span));
        }
    }

    private static int[] Bits(ReadOnlySpan<float> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(values).ToArray();
}
