using Nnfs.Optimizers;
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

    /// <summary>One Adam step of one parameter written out element by element: p, m and v updated in place from the
    /// gradient g at step t (0-based) with learning rate lr.</summary>
    public delegate void ScalarStep(float[] p, float[] m, float[] v, ReadOnlySpan<float> g, double lr, long t);

    /// <summary>
    /// Six steps of <paramref name="adam"/> on a random rows×columns layer (weights and biases) on
    /// <paramref name="path"/> with <paramref name="threads"/> threads, each compared bit for bit with
    /// <paramref name="scalar"/> run on copies: the parameters, and the moments when <paramref name="checkMoments"/>.
    /// </summary>
    public static void AssertStepsEqualScalarLoop(NumericPath path, Adam adam, int seed, int rows, int columns, int threads,
        ScalarStep scalar, bool checkMoments)
    {
        var random = new Random(seed);
        var layer = RandomLayer(rows, columns, random);
        var expected = layer.Parameters.Select(p => (P: p.Value.Span.ToArray(), M: new float[p.Value.Length], V: new float[p.Value.Length])).ToArray();
        using var _ = Engine.UsePath(path);
        int saved = Engine.Threads;
        Engine.Threads = threads;
        try
        {
            for (int step = 0; step < 6; step++)
            {
                RandomGradients(layer, random);
                adam.PreUpdateParams();
                for (int k = 0; k < expected.Length; k++)
                    scalar(expected[k].P, expected[k].M, expected[k].V, layer.Parameters[k].Gradient.Span, adam.CurrentLearningRate, step);
                adam.UpdateParams(layer);
                adam.PostUpdateParams();
                for (int k = 0; k < expected.Length; k++)
                {
                    var parameter = layer.Parameters[k];
                    AssertBits(expected[k].P, parameter.Value.Span, $"step {step}, {parameter.Name}");
                    if (!checkMoments) continue;
                    AssertBits(expected[k].M, parameter.OptimizerState[Optimizer.MomentumSlot].Span, $"step {step}, {parameter.Name} momentum");
                    AssertBits(expected[k].V, parameter.OptimizerState[Optimizer.CacheSlot].Span, $"step {step}, {parameter.Name} cache");
                }
            }
        }
        finally
        {
            Engine.Threads = saved;
        }
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
