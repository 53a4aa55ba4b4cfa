using Nnfs.Optimizers;
using static Nnfs.Tests.Optimizers.AdamTestData;

namespace Nnfs.Tests.Optimizers;

/// <summary>SGD with momentum on the fast path: momentums below float32's normal range are stored as 0.</summary>
public class SgdFastTests
{
    // A unit that no sample activates: its weights' gradients are 0 after the first step. On the exact path (as in
    // NumPy) the momentum decays into the subnormals and stays there (0.9·m rounds back to m); the fast path stores it
    // as 0 once it leaves the normal range, and the weights end the same on both paths.
    [Fact]
    public void FastPathStoresMomentumBelowTheNormalRangeAsZero()
    {
        float[] Run(NumericPath path, out float[] momentum)
        {
            using var _ = Engine.UsePath(path);
            var layer = RandomLayer(3, 11, new Random(5));
            var sgd = new Sgd(0.01, momentum: 0.9);
            for (int step = 0; step < 1200; step++)
            {
                foreach (var p in layer.Parameters)
                    for (int i = 0; i < p.Gradient.Length; i++) p.Gradient.Span[i] = step == 0 ? 0.25f * (i + 1) : 0f;
                sgd.PreUpdateParams();
                sgd.UpdateParams(layer);
                sgd.PostUpdateParams();
            }
            momentum = layer.Parameters.SelectMany(p => p.OptimizerState[Optimizer.MomentumSlot].Span.ToArray()).ToArray();
            return layer.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        }

        var exactWeights = Run(NumericPath.Exact, out var exactMomentum);
        var fastWeights = Run(NumericPath.Fast, out var fastMomentum);
        Assert.All(exactMomentum, m => Assert.True(float.IsSubnormal(m), $"exact momentum {m:R}"));
        Assert.All(fastMomentum, m => Assert.Equal(0, BitConverter.SingleToInt32Bits(m)));
        for (int i = 0; i < exactWeights.Length; i++) Assert.Equal(exactWeights[i], fastWeights[i], 1e-6f);
    }

    // 35 weights: whole vectors and a ragged tail; NaN in the first and the last.
    [Fact]
    public void FastPathFlushesSubnormalMomentumButKeepsNaN()
    {
        using var _ = Engine.UsePath(NumericPath.Fast);
        var layer = RandomLayer(5, 7, new Random(6));
        var sgd = new Sgd(0.01, momentum: 0.9);
        sgd.UpdateParams(layer);
        var weights = layer.Parameters[0];
        var before = weights.Value.Span.ToArray();
        var m = weights.OptimizerState[Optimizer.MomentumSlot].Span;
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = i % 2 == 0 ? 3e-39f : -2e-40f;
            weights.Gradient.Span[i] = 0f;
        }
        weights.Gradient.Span[0] = weights.Gradient.Span[^1] = float.NaN;
        sgd.UpdateParams(layer);
        for (int i = 1; i < m.Length - 1; i++)
        {
            Assert.Equal(0, BitConverter.SingleToInt32Bits(m[i]));
            Assert.Equal(before[i], weights.Value.Span[i]);
        }
        foreach (int i in new[] { 0, m.Length - 1 })
            Assert.True(float.IsNaN(m[i]) && float.IsNaN(weights.Value.Span[i]), $"[{i}]: {m[i]:R}, {weights.Value.Span[i]:R}");
    }
}
