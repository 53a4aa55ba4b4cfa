using Nnfs.Activations;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;
using Nnfs.Tests.Kernels;

namespace Nnfs.Tests;

/// <summary>
/// Every instruction-set tier, forced in this process (<see cref="Engine.UseTier"/>), against the plain reference
/// loops and against the 256-bit tier (the unfused 128-bit tier, whose multiply-adds round twice, against plain loops
/// that round the same way): tiers the processor lacks run emulated, so every tier is tested on any machine.
/// </summary>
public class TierTests
{
    public static TheoryData<IsaTier> Tiers() => new(Enum.GetValues<IsaTier>());

    private static float[] Values(int n, int seed, float scale = 4)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)((rng.NextDouble() - 0.5) * scale);
        return v;
    }

    private static T InTier<T>(IsaTier tier, Func<T> run)
    {
        using var _ = Engine.UseTier(tier);
        return run();
    }

    // exp and log are lane-wise: every tier gives the 256-bit tier's bits, tails and special values included.
    [Theory]
    [MemberData(nameof(Tiers))]
    public void ExpAndLogGiveTheSameBitsInEveryTier(IsaTier tier)
    {
        var x = Values(1003, 1, scale: 200);
        x[0] = float.NaN; x[1] = float.PositiveInfinity; x[2] = float.NegativeInfinity; x[3] = 0f; x[4] = -0f;
        x[5] = 1e-40f; x[6] = -1f; x[1002] = 88f;
        float[] Run(Action<ReadOnlySpan<float>, Span<float>> f) { var d = new float[x.Length]; f(x, d); return d; }
        var exp256 = InTier(IsaTier.Vector256, () => Run(VectorExp.Exp));
        var log256 = InTier(IsaTier.Vector256, () => Run(VectorLog.Log));
        var exp = InTier(tier, () => Run(VectorExp.Exp));
        var log = InTier(tier, () => Run(VectorLog.Log));
        if (tier == IsaTier.Vector128Unfused)
        {
            // Its own bits (each product of the polynomials rounded): as accurate, the special values the same, and
            // lane-wise (each element alone, in a padded tail, gives the same bits).
            Assert.Equal(exp256[..7], exp[..7]);
            Assert.Equal(log256[..7], log[..7]);
            Assert.NotEqual(exp256, exp);
            for (int i = 7; i < 1002; i++)
            {
                if (x[i] > 0) Assert.True(Math.Abs(log[i] - Math.Log(x[i])) <= 4e-7 * Math.Abs(Math.Log(x[i])) + 1e-7, $"log({x[i]})");
                Assert.Equal(exp[i], InTier(tier, () => { var d = new float[1]; VectorExp.Exp(x.AsSpan(i, 1), d); return d[0]; }));
            }
        }
        else
        {
            Assert.Equal(exp256, exp);
            Assert.Equal(log256, log);
        }
        for (int i = 7; i < 1002; i++)
            if (Math.Abs(x[i]) < 87) Assert.True(Math.Abs(exp[i] - Math.Exp(x[i])) <= 4e-7 * Math.Exp(x[i]), $"exp({x[i]})");
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void ElementLoopsEqualThePlainLoops(IsaTier tier)
    {
        using var _ = Engine.UseTier(tier);
        foreach (int n in new[] { 1, 5, 16, 17, 100, 1029 })
        {
            var x = Values(n, n);
            var d = Values(n, n + 1);
            if (n > 2) { x[0] = 0f; x[1] = -0f; x[2] = float.NaN; }
            var relu = new float[n];
            Rectifier.Rectify(x, relu);
            var mask = new float[n];
            Rectifier.Mask(x, d, mask);
            var negated = (float[])x.Clone();
            ElementMath.Negate(negated);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(x[i] <= 0 ? 0f : x[i]), BitConverter.SingleToInt32Bits(relu[i]));
                Assert.Equal(BitConverter.SingleToInt32Bits(x[i] <= 0 ? 0f : d[i]), BitConverter.SingleToInt32Bits(mask[i]));
                Assert.Equal(BitConverter.SingleToInt32Bits(-x[i]), BitConverter.SingleToInt32Bits(negated[i]));
            }
            Assert.Equal(n <= 2, ElementMath.AllFinite(x));
            Assert.True(ElementMath.AllFinite(d));
            double sum = d.Sum(v => (double)v);
            Assert.True(Math.Abs(ElementMath.FastSum(d) - sum) <= 1e-5 * d.Sum(v => Math.Abs((double)v)), $"sum of {n}");
            foreach (int columns in new[] { 1, 3, 8, 17, 130 })
            {
                var g = Values(columns * 7, columns);
                var sums = new float[columns];
                ColumnSums.InRowOrder(g, columns, sums);
                for (int j = 0; j < columns; j++)
                {
                    float s = 0f;
                    for (int r = 0; r < 7; r++) s += g[r * columns + j];
                    Assert.Equal(s, sums[j]);
                }
            }
        }
    }

    public static IEnumerable<object[]> TiersAndShapes()
    {
        var shapes = new[] { (1, 1, 1), (7, 13, 11), (17, 17, 17), (33, 40, 10), (60, 31, 24), (13, 257, 25), (128, 128, 10), (96, 300, 40), (20, 1100, 24),
            // One row sliver in every tier: B read in place where not transposed (with two k blocks in panels).
            (5, 40, 48), (6, 1030, 40) };
        foreach (var tier in Enum.GetValues<IsaTier>())
            foreach (var (m, k, n) in shapes)
                foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true) })
                    yield return [tier, m, k, n, ta, tb];
    }

    // The packed kernel in every tier: within the reference's tolerance, the same bits as the 256-bit tier (each
    // output is the same chain of fused multiply-adds; in Vector128Unfused the same chain unfused, as a plain loop
    // computes it), whatever the plan, the thread count and the split of the rows.
    [Theory]
    [MemberData(nameof(TiersAndShapes))]
    public void ProductsEqualTheReferenceAndTheOtherTiersForAnyThreadsOrSplit(IsaTier tier, int m, int k, int n, bool transA, bool transB)
    {
        var (a, b) = GemmTestData.Uniform(m * k, k * n, seed: m * 31 + n);
        var bias = Values(n, 5);
        float[] Gemm(IsaTier t, int threads, int rows, ReadOnlySpan<float> aRows, GemmPlan plan)
        {
            using var _ = Engine.UseTier(t);
            var c = new float[rows * n];
            MatMulFast.Gemm(transA, transB, rows, n, k, aRows, b, transA ? default : bias, c, threads, plan);
            return c;
        }
        var reference = InTier(tier, () => Gemm(tier, 1, m, a, GemmPlan.Auto));
        if (tier == IsaTier.Vector128Unfused)
        {
            // One chain over k in increasing order from 0 of rounded products and sums, then the bias.
            var chains = new float[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    float acc = 0f;
                    for (int p = 0; p < k; p++)
                        acc = GemmTestData.MultiplyAdd(tier, transA ? a[p * m + i] : a[i * k + p], transB ? b[j * k + p] : b[p * n + j], acc);
                    chains[i * n + j] = transA ? acc : acc + bias[j];
                }
            Assert.Equal(chains, reference);
        }
        else
            Assert.Equal(InTier(IsaTier.Vector256, () => Gemm(IsaTier.Vector256, 1, m, a, GemmPlan.Auto)), reference);
        Assert.Equal(reference, Gemm(tier, 2, m, a, GemmPlan.Auto));
        // Either plan, with its own k blocks (256 blocked, 1024 in panels): one chain of FMAs over all of k.
        Assert.Equal(reference, Gemm(tier, 2, m, a, GemmPlan.Blocked));
        Assert.Equal(reference, Gemm(tier, 1, m, a, GemmPlan.Panels));
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                var (exact, magnitude) = GemmTestData.DoubleDot(transA, transB, m, n, k, a, b, i, j);
                if (!transA) exact += bias[j];
                Assert.True(Math.Abs(reference[i * n + j] - exact) <= 1e-5 * (magnitude + Math.Abs(bias[j])) + 1e-6, $"C[{i},{j}]");
            }
        if (!transA && m / 2 > MatMulSmall.MaxShortSide)
        {
            // The first half of the rows alone gives the same rows (no dependence on the batch's split; a part of at
            // most 4 rows may take MatMulSmall's dot form, whose order differs, in the vector tiers).
            int half = m / 2;
            var top = Gemm(tier, 2, half, a.AsSpan(0, half * k), GemmPlan.Auto);
            Assert.Equal(reference.AsSpan(0, half * n).ToArray(), top);
        }
    }

    // The exact path's products are NumPy's (double sums rounded once) in every tier.
    [Theory]
    [MemberData(nameof(Tiers))]
    public void ExactProductsEqualTheExactReferenceInEveryTier(IsaTier tier)
    {
        using var _ = Engine.UseTier(tier);
        foreach (var (m, k, n) in new[] { (7, 13, 11), (64, 100, 33), (128, 784, 10) })
        {
            var (a, b) = GemmTestData.Uniform(m * k, k * n, seed: m + k);
            var expected = new float[m * n];
            MatMulExactReference.Gemm(false, false, m, n, k, a, b, expected);
            var actual = new float[m * n];
            MatMulExact.Gemm(false, false, m, n, k, a, b, actual);
            Assert.Equal(expected, actual);
        }
    }

    public static TheoryData<IsaTier, int> TiersAndOptimizers()
    {
        var data = new TheoryData<IsaTier, int>();
        foreach (var tier in Enum.GetValues<IsaTier>())
            for (int o = 0; o < 5; o++) data.Add(tier, o);
        return data;
    }

    private static Optimizer MakeOptimizer(int which) => which switch
    {
        0 => new Adam(0.01, 1e-3),
        1 => new Sgd(0.5, 1e-3),
        2 => new Sgd(0.5, 1e-3, momentum: 0.9),
        3 => new RmsProp(0.01, 1e-3),
        _ => new AdaGrad(0.5, 1e-3),
    };

    // A model trained a few steps on the fast path (products, softmax, cross-entropy, ReLU, optimizer) ends on the
    // 256-bit tier's weights bit for bit in every fused tier, and on the same weights at 1 and 2 threads in every tier.
    [Theory]
    [MemberData(nameof(TiersAndOptimizers))]
    public void ATrainedModelHasTheSameWeightsInEveryTier(IsaTier tier, int optimizer)
    {
        float[] Train(IsaTier t, int threads)
        {
            using var _ = Engine.UseTier(t);
            using var __ = Engine.UsePath(NumericPath.Fast);
            int previous = Engine.Threads;
            Engine.Threads = threads;
            try
            {
                var random = new RandomState(3);
                var model = new Model(random);
                model.Add(new Dense(12, 40, weightRegularizerL2: 5e-4f, random: random));
                model.Add(new ReLU());
                model.Add(new Dense(40, 5, random: random));
                model.Add(new Softmax());
                model.Set(loss: new CategoricalCrossEntropy(), optimizer: MakeOptimizer(optimizer), accuracy: new CategoricalAccuracy());
                model.Build();
                var x = new Matrix(24, 12, Values(24 * 12, 9));
                var y = Targets.FromClasses(Enumerable.Range(0, 24).Select(i => i % 5).ToArray());
                float loss = 0;
                for (int s = 0; s < 4; s++) loss = model.TrainStep(x, y).DataLoss;
                Assert.True(float.IsFinite(loss));
                return model.NamedParameters().SelectMany(p => p.Value.Value.Span.ToArray()).ToArray();
            }
            finally { Engine.Threads = previous; }
        }
        var expected = Train(IsaTier.Vector256, 1);
        var actual = Train(tier, 1);
        Assert.Equal(actual, Train(tier, 2));
        if (tier != IsaTier.Vector128Unfused)
        {
            Assert.Equal(expected, actual);
            return;
        }
        // Its unfused multiply-adds round differently: close to the fused tiers' weights, not equal.
        Assert.NotEqual(expected, actual);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-3 * (1 + Math.Abs(expected[i])), $"weight {i}: {actual[i]} vs {expected[i]}");
    }
}
