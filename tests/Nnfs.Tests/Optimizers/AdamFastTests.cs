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
    public void FastPathEqualsItsScalarLoopBitForBitForAnyThreadCount(int rows, int columns, int threads) =>
        AssertStepsEqualScalarLoop(NumericPath.Fast, new Adam(0.02, 1e-3), seed: 12, rows, columns, threads, ScalarFastStep, checkMoments: true);

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
