using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Tests.Optimizers;

/// <summary>Adam's exact path (vectorised) against the book's update written out element by element in float32.</summary>
public class AdamExactTests
{
    // 67×13 = 871 weights (vectors and a ragged tail) and 13 biases (a vector and a tail, or a tail alone);
    // 203×101 = 20,503 weights: two units of shared work, the second ragged.
    [Theory]
    [InlineData(67, 13, 1)]
    [InlineData(67, 13, 2)]
    [InlineData(203, 101, 1)]
    [InlineData(203, 101, 2)]
    [InlineData(203, 101, 3)]
    public void ExactPathEqualsTheScalarBookLoopBitForBit(int rows, int columns, int threads) =>
        AdamTestData.AssertStepsEqualScalarLoop(NumericPath.Exact, new Adam(0.02, 1e-3, 1e-7, 0.9, 0.999), seed: 11, rows, columns,
            threads, ScalarBookStep, checkMoments: false);

    // The book's float32 expressions in its order: m̂ = m / c₁, v̂ = v / c₂, p += −lr·m̂ / (√v̂ + ε).
    private static void ScalarBookStep(float[] p, float[] m, float[] v, ReadOnlySpan<float> g, double lr, long t)
    {
        float negLr = (float)-lr;
        float c1 = (float)(1 - Math.Pow(0.9, t + 1)), c2 = (float)(1 - Math.Pow(0.999, t + 1));
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = 0.9f * m[i] + (float)(1 - 0.9) * g[i];
            v[i] = 0.999f * v[i] + (float)(1 - 0.999) * (g[i] * g[i]);
            p[i] += negLr * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + 1e-7f);
        }
    }
}
