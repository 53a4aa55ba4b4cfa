using Nnfs.Optimizers;
using Nnfs.Tensors;
using static Nnfs.Tests.Optimizers.AdamTestData;

namespace Nnfs.Tests.Optimizers;

/// <summary>Adam's fast path (vectorised, split over threads) against its update written out element by element.</summary>
public class AdamFastTests
{
    // The fast step's scalars in double, rounded once; then fma(1 − β₁, g, β₁·m), fma(1 − β₂, g², β₂·v) and
    // p + (step·m) / (√(v·invCorrection2) + ε) in float32.
    private static void ScalarFastStep(float[] p, float[] m, float[] v, ReadOnlySpan<float> g, double lr, long t)
    {
        float step = (float)(-lr / (1 - Math.Pow(0.9, t + 1)));
        float inv2 = (float)(1 / (1 - Math.Pow(0.999, t + 1)));
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = MathF.FusedMultiplyAdd((float)(1 - 0.9), g[i], 0.9f * m[i]);
            v[i] = MathF.FusedMultiplyAdd((float)(1 - 0.999), g[i] * g[i], 0.999f * v[i]);
            if (float.IsSubnormal(m[i])) m[i] = 0f;
            if (float.IsSubnormal(v[i])) v[i] = 0f;
            p[i] += step * m[i] / (MathF.Sqrt(v[i] * inv2) + 1e-7f);
        }
    }

    // 67×13 = 871 weights (vectors and a ragged tail); 203×101 = 20,503 weights: two chunks of shared work, the
    // second ragged, so with 2 or 3 threads the parameter is split between them.
    [Theory]
    [InlineData(67, 13, 1)]
    [InlineData(67, 13, 2)]
    [InlineData(203, 101, 1)]
    [InlineData(203, 101, 2)]
    [InlineData(203, 101, 3)]
    public void FastPathEqualsItsScalarLoopBitForBitForAnyThreadCount(int rows, int columns, int threads)
    {
        var random = new Random(12);
        var layer = RandomLayer(rows, columns, random);
        var expected = layer.Parameters.Select(p => (P: p.Value.Span.ToArray(), M: new float[p.Value.Length], V: new float[p.Value.Length])).ToArray();
        var adam = new Adam(0.02, 1e-3);
        using var _ = Engine.UsePath(NumericPath.Fast);
        int saved = Engine.Threads;
        Engine.Threads = threads;
        try
        {
            for (int step = 0; step < 6; step++)
            {
                RandomGradients(layer, random);
                adam.PreUpdateParams();
                for (int k = 0; k < expected.Length; k++)
                    ScalarFastStep(expected[k].P, expected[k].M, expected[k].V, layer.Parameters[k].Gradient.Span, adam.CurrentLearningRate, step);
                adam.UpdateParams(layer);
                adam.PostUpdateParams();
                for (int k = 0; k < expected.Length; k++)
                {
                    var parameter = layer.Parameters[k];
                    AssertBits(expected[k].P, parameter.Value.Span, $"step {step}, {parameter.Name}");
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

    // A unit that no sample activates: its weights' gradients are 0 after the first step. On the exact path (as in
    // NumPy) the momentum decays into the subnormals and stays there (0.9 · 4·2⁻¹⁴⁹ rounds back to 4·2⁻¹⁴⁹); the
    // fast path stores it as 0 once it leaves the normal range, and the weights end the same on both paths.
    [Fact]
    public void FastPathStoresMomentumBelowTheNormalRangeAsZero()
    {
        float[] Run(NumericPath path, out float[] momentum, out float[] cache)
        {
            using var _ = Engine.UsePath(path);
            var layer = RandomLayer(3, 11, new Random(5));
            var adam = new Adam(0.001);
            for (int step = 0; step < 1200; step++)
            {
                foreach (var p in layer.Parameters)
                    for (int i = 0; i < p.Gradient.Length; i++) p.Gradient.Span[i] = step == 0 ? 0.25f * (i + 1) : 0f;
                adam.PreUpdateParams();
                adam.UpdateParams(layer);
                adam.PostUpdateParams();
            }
            momentum = layer.Parameters[0].OptimizerState[Optimizer.MomentumSlot].Span.ToArray();
            cache = layer.Parameters[0].OptimizerState[Optimizer.CacheSlot].Span.ToArray();
            return layer.Parameters[0].Value.Span.ToArray();
        }

        var exactWeights = Run(NumericPath.Exact, out var exactMomentum, out _);
        var fastWeights = Run(NumericPath.Fast, out var fastMomentum, out var fastCache);
        Assert.All(exactMomentum, m => Assert.True(float.IsSubnormal(m), $"exact momentum {m:R}"));
        Assert.All(fastMomentum, m => Assert.Equal(0, BitConverter.SingleToInt32Bits(m)));
        Assert.All(fastCache, v => Assert.True(v == 0 || float.IsNormal(v), $"cache {v:R}"));
        for (int i = 0; i < exactWeights.Length; i++) Assert.Equal(exactWeights[i], fastWeights[i], 1e-6f);
    }

    [Fact]
    public void FastPathFlushesSubnormalStateButKeepsNaN()
    {
        using var _ = Engine.UsePath(NumericPath.Fast);
        var layer = RandomLayer(5, 7, new Random(6));
        var adam = new Adam(0.01);
        adam.UpdateParams(layer);
        var weights = layer.Parameters[0];
        var before = weights.Value.Span.ToArray();
        var m = weights.OptimizerState[Optimizer.MomentumSlot].Span;
        var v = weights.OptimizerState[Optimizer.CacheSlot].Span;
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = i % 2 == 0 ? 3e-39f : -2e-40f;
            v[i] = 1e-41f;
            weights.Gradient.Span[i] = 0f;
        }
        weights.Gradient.Span[m.Length - 1] = float.NaN;
        adam.UpdateParams(layer);
        for (int i = 0; i < m.Length - 1; i++)
        {
            Assert.Equal(0, BitConverter.SingleToInt32Bits(m[i]));
            Assert.Equal(0, BitConverter.SingleToInt32Bits(v[i]));
            Assert.Equal(before[i], weights.Value.Span[i]);
        }
        Assert.True(float.IsNaN(m[^1]) && float.IsNaN(v[^1]) && float.IsNaN(weights.Value.Span[^1]));
    }

    [Theory]
    [InlineData(NumericPath.Fast)]
    [InlineData(NumericPath.Exact)]
    public void StepScalarsFollowTheLearningRateAndIterationsSetBetweenUpdates(NumericPath path)
    {
        // The bias corrections are computed once per step; changing the rate or the step count in between (e.g.
        // restoring a saved optimizer) must still be seen by the next update.
        using var _ = Engine.UsePath(path);
        var random = new Random(13);
        var reused = RandomLayer(9, 17, random);
        var fresh = RandomLayer(9, 17, new Random(13));
        RandomGradients(reused, new Random(14));
        RandomGradients(fresh, new Random(14));
        var adam = new Adam(0.01);
        adam.UpdateParams(reused);
        adam.CurrentLearningRate = 0.003;
        adam.Iterations = 7;
        adam.UpdateParams(reused);
        // The same two updates by two new optimizers (the moments live in the parameters, so the second continues
        // from the first's), each computing its scalars for the first time.
        new Adam(0.01).UpdateParams(fresh);
        new Adam(0.003) { Iterations = 7 }.UpdateParams(fresh);
        for (int k = 0; k < 2; k++)
            AssertBits(fresh.Parameters[k].Value.Span.ToArray(), reused.Parameters[k].Value.Span, $"{path} {fresh.Parameters[k].Name}");
    }
}
