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
    public void ExactPathEqualsTheScalarBookLoopBitForBit(int rows, int columns, int threads)
    {
        var random = new Random(11);
        var layer = AdamTestData.RandomLayer(rows, columns, random);
        var expected = layer.Parameters.Select(p => (P: p.Value.Span.ToArray(), M: new float[p.Value.Length], V: new float[p.Value.Length])).ToArray();
        var adam = new Adam(0.02, 1e-3, 1e-7, 0.9, 0.999);
        using var _ = Engine.UsePath(NumericPath.Exact);
        Engine.Threads = threads;
        for (int step = 0; step < 6; step++)
        {
            AdamTestData.RandomGradients(layer, random);
            adam.PreUpdateParams();
            float negLr = (float)-adam.CurrentLearningRate;
            float c1 = (float)(1 - Math.Pow(0.9, step + 1)), c2 = (float)(1 - Math.Pow(0.999, step + 1));
            for (int k = 0; k < expected.Length; k++)
            {
                var (p, m, v) = expected[k];
                var g = layer.Parameters[k].Gradient.Span;
                for (int i = 0; i < p.Length; i++)
                {
                    m[i] = 0.9f * m[i] + (float)(1 - 0.9) * g[i];
                    v[i] = 0.999f * v[i] + (float)(1 - 0.999) * (g[i] * g[i]);
                    p[i] += negLr * (m[i] / c1) / (MathF.Sqrt(v[i] / c2) + 1e-7f);
                }
            }
            adam.UpdateParams(layer);
            adam.PostUpdateParams();
            for (int k = 0; k < expected.Length; k++)
                AdamTestData.AssertBits(expected[k].P, layer.Parameters[k].Value.Span, $"step {step}, {layer.Parameters[k].Name}");
        }
    }
}
