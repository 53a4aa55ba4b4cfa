using Nnfs.Optimizers;
using static Nnfs.Tests.Optimizers.AdamTestData;

namespace Nnfs.Tests.Optimizers;

/// <summary>
/// The fast paths of the optimizers whose state decays (Adam's momentum and cache, SGD's momentum, RMSprop's cache)
/// store a state value below float32's normal range as 0; the exact paths keep NumPy's subnormals.
/// </summary>
public class OptimizerSubnormalStateTests
{
    private static Optimizer Create(string kind) => kind switch
    {
        "adam" => new Adam(0.001),
        "sgd" => new Sgd(0.01, momentum: 0.9),
        "rmsprop" => new RmsProp(0.01),
        _ => throw new ArgumentException(kind),
    };

    public static TheoryData<string, string> Decaying => new()
    {
        { "adam", Optimizer.MomentumSlot }, { "sgd", Optimizer.MomentumSlot }, { "rmsprop", Optimizer.CacheSlot },
    };

    // A unit that no sample activates: its weights' gradients are 0 after the first step. On the exact path (as in
    // NumPy) the state decays into the subnormals and stays there (0.9·x rounds back to x, e.g. at 4·2⁻¹⁴⁹); the fast
    // path stores it as 0 once it leaves the normal range, and the weights end the same on both paths. Weights and
    // biases (33 + 11 values) cover whole vectors and ragged tails.
    [Theory]
    [MemberData(nameof(Decaying))]
    public void DeadUnitStateEndsZeroOnTheFastPathAndSubnormalOnTheExactPath(string kind, string slot)
    {
        float[] Run(NumericPath path, out float[] state)
        {
            using var _ = Engine.UsePath(path);
            var layer = RandomLayer(3, 11, new Random(5));
            var optimizer = Create(kind);
            for (int step = 0; step < 1200; step++)
            {
                foreach (var p in layer.Parameters)
                    for (int i = 0; i < p.Gradient.Length; i++) p.Gradient.Span[i] = step == 0 ? 0.25f * (i + 1) : 0f;
                optimizer.PreUpdateParams();
                optimizer.UpdateParams(layer);
                optimizer.PostUpdateParams();
            }
            state = layer.Parameters.SelectMany(p => p.OptimizerState[slot].Span.ToArray()).ToArray();
            return layer.Parameters.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        }

        var exactWeights = Run(NumericPath.Exact, out var exactState);
        var fastWeights = Run(NumericPath.Fast, out var fastState);
        Assert.All(exactState, x => Assert.True(float.IsSubnormal(x), $"exact {slot} {x:R}"));
        Assert.All(fastState, x => Assert.Equal(0, BitConverter.SingleToInt32Bits(x)));
        for (int i = 0; i < exactWeights.Length; i++) Assert.Equal(exactWeights[i], fastWeights[i], 1e-6f);
    }

    // 35 weights: whole vectors and a ragged tail; NaN gradients in the first and the last.
    [Theory]
    [MemberData(nameof(Decaying))]
    public void SubnormalStateIsFlushedButNaNIsKept(string kind, string slot)
    {
        using var _ = Engine.UsePath(NumericPath.Fast);
        var layer = RandomLayer(5, 7, new Random(6));
        var optimizer = Create(kind);
        optimizer.UpdateParams(layer);
        var weights = layer.Parameters[0];
        var before = weights.Value.Span.ToArray();
        var state = weights.OptimizerState[slot].Span;
        for (int i = 0; i < state.Length; i++)
        {
            state[i] = slot == Optimizer.CacheSlot ? (i % 2 == 0 ? 1e-41f : 3e-39f) : (i % 2 == 0 ? 3e-39f : -2e-40f);
            weights.Gradient.Span[i] = 0f;
        }
        weights.Gradient.Span[0] = weights.Gradient.Span[^1] = float.NaN;
        optimizer.UpdateParams(layer);
        for (int i = 1; i < state.Length - 1; i++)
        {
            Assert.Equal(0, BitConverter.SingleToInt32Bits(state[i]));
            Assert.Equal(before[i], weights.Value.Span[i]);
        }
        foreach (int i in new[] { 0, state.Length - 1 })
            Assert.True(float.IsNaN(state[i]) && float.IsNaN(weights.Value.Span[i]), $"[{i}]: {state[i]:R}, {weights.Value.Span[i]:R}");
    }
}
