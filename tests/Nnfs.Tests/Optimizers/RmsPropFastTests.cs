using Nnfs.Optimizers;
using static Nnfs.Tests.Optimizers.AdamTestData;

namespace Nnfs.Tests.Optimizers;

/// <summary>RMSprop on the fast path: caches below float32's normal range are stored as 0.</summary>
public class RmsPropFastTests
{
    // A unit that no sample activates: its weights' gradients are 0 after the first step. On the exact path (as in
    // NumPy) the cache decays into the subnormals and stays there (0.9·c rounds back to c); the fast path stores it as
    // 0 once it leaves the normal range, and the weights end the same on both paths.
    [Fact]
    public void FastPathStoresCacheBelowTheNormalRangeAsZero()
    {
        float[] Run(NumericPath path, out float[] cache)
        {
            using var _ = Engine.UsePath(path);
            var layer = RandomLayer(3, 11, new Random(5));
            var rms = new RmsProp(0.01);
            for (int step = 0; step < 1200; step++)
            {
                foreach (var p in layer.Parameters)
                    for (int i = 0; i < p.Gradient.Length; i++) p.Gradient.Span[i] = step == 0 ? 0.25f * (i + 1) : 0f;
                rms.PreUpdateParams();
                rms.UpdateParams(layer);
                rms.PostUpdateParams();
            }
            cache = layer.Parameters.SelectMany(p => p.OptimizerState[Optimizer.CacheSlot].Span.ToArray()).ToArray();
            return layer.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        }

        var exactWeights = Run(NumericPath.Exact, out var exactCache);
        var fastWeights = Run(NumericPath.Fast, out var fastCache);
        Assert.All(exactCache, c => Assert.True(float.IsSubnormal(c), $"exact cache {c:R}"));
        Assert.All(fastCache, c => Assert.Equal(0, BitConverter.SingleToInt32Bits(c)));
        for (int i = 0; i < exactWeights.Length; i++) Assert.Equal(exactWeights[i], fastWeights[i], 1e-6f);
    }

    // 35 weights: whole vectors and a ragged tail; NaN in the first and the last.
    [Fact]
    public void FastPathFlushesSubnormalCacheButKeepsNaN()
    {
        using var _ = Engine.UsePath(NumericPath.Fast);
        var layer = RandomLayer(5, 7, new Random(6));
        var rms = new RmsProp(0.01);
        rms.UpdateParams(layer);
        var weights = layer.Parameters[0];
        var before = weights.Value.Span.ToArray();
        var c = weights.OptimizerState[Optimizer.CacheSlot].Span;
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = i % 2 == 0 ? 1e-41f : 3e-39f;
            weights.Gradient.Span[i] = 0f;
        }
        weights.Gradient.Span[0] = weights.Gradient.Span[^1] = float.NaN;
        rms.UpdateParams(layer);
        for (int i = 1; i < c.Length - 1; i++)
        {
            Assert.Equal(0, BitConverter.SingleToInt32Bits(c[i]));
            Assert.Equal(before[i], weights.Value.Span[i]);
        }
        foreach (int i in new[] { 0, c.Length - 1 })
            Assert.True(float.IsNaN(c[i]) && float.IsNaN(weights.Value.Span[i]), $"[{i}]: {c[i]:R}, {weights.Value.Span[i]:R}");
    }
}
