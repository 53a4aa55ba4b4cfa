using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Tests.Kernels;

public class MatMulTests
{
    // (m, k, n): 1×1, primes, tall, wide, tile edges (12-row slivers, 16/32-wide slivers, 256-deep k blocks),
    // the 784-128-128-10 network at batch 128 and its 96-row last batch.
    public static readonly TheoryData<int, int, int> Shapes = new()
    {
        { 1, 1, 1 }, { 7, 13, 11 }, { 3, 5, 2 }, { 1, 64, 100 }, { 100, 64, 1 }, { 211, 3, 5 }, { 2, 300, 7 },
        { 15, 15, 15 }, { 16, 16, 16 }, { 17, 17, 17 }, { 31, 31, 31 }, { 32, 32, 32 }, { 33, 33, 33 },
        { 47, 47, 47 }, { 48, 48, 48 }, { 49, 49, 49 }, { 11, 255, 13 }, { 12, 256, 24 }, { 13, 257, 25 },
        { 25, 513, 40 }, { 37, 20, 530 }, { 128, 784, 128 }, { 128, 128, 10 }, { 96, 784, 128 }, { 96, 128, 10 },
        { 784, 128, 128 }, { 128, 10, 128 }, { 128, 128, 784 }, { 23, 9, 20 }, { 60, 31, 24 },
    };

    public static IEnumerable<object[]> ShapesAndForms()
    {
        foreach (var row in Shapes)
            foreach (var form in new[] { (false, false), (true, false), (false, true) })
                foreach (var plan in new[] { GemmPlan.Auto, GemmPlan.Panels, GemmPlan.Blocked })
                    yield return [row[0], row[1], row[2], form.Item1, form.Item2, plan];
    }

    // A parameter store hands the kernels slices of one array: operands at an offset give the same bits as standalone
    // arrays, and nothing outside the destination slice is written (small and packed products, with and without bias).
    [Theory]
    [InlineData(7, 13, 11, false)]
    [InlineData(128, 784, 128, true)]
    [InlineData(60, 31, 24, true)]
    [InlineData(211, 3, 5, false)]
    internal void OperandsNeedNotStartAnArray(int m, int k, int n, bool withBias)
    {
        var (a, b) = GemmTestData.Uniform(m * k, k * n, seed: m + k + n);
        var bias = withBias ? GemmTestData.Uniform(n, 1, seed: 3).A : [];
        var expected = new float[m * n];
        MatMulFast.Gemm(false, false, m, n, k, a, b, bias, expected, threads: 2);

        const float Sentinel = 12345f;
        int aAt = 5, bAt = aAt + a.Length + 3, biasAt = bAt + b.Length + 1, cAt = biasAt + bias.Length + 2;
        var store = GemmTestData.Filled(cAt + m * n + 7, Sentinel);
        a.CopyTo(store, aAt);
        b.CopyTo(store, bAt);
        bias.CopyTo(store, biasAt);
        var before = (float[])store.Clone();
        MatMulFast.Gemm(false, false, m, n, k, store.AsSpan(aAt, a.Length), store.AsSpan(bAt, b.Length),
            store.AsSpan(biasAt, bias.Length), store.AsSpan(cAt, m * n), threads: 2);

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), store.Skip(cAt).Take(m * n).Select(BitConverter.SingleToInt32Bits));
        for (int i = 0; i < store.Length; i++)
            if (i < cAt || i >= cAt + m * n) Assert.Equal(before[i], store[i]);
    }

    [Theory]
    [MemberData(nameof(ShapesAndForms))]
    internal void FastMatchesReferenceWithinRoundingBound(int m, int k, int n, bool transA, bool transB, GemmPlan plan)
    {
        var (a, b) = Operands(m, k, n, transA, transB, seed: m * 31 + k * 7 + n);
        var fast = GemmTestData.Filled(m * n, float.NaN);
        var reference = new float[m * n];
        MatMulFast.Gemm(transA, transB, m, n, k, a, b, null, fast, threads: 1, plan);
        MatMulReference.Gemm(transA, transB, m, n, k, a, b, reference);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                var (exact, magnitude) = GemmTestData.DoubleDot(transA, transB, m, n, k, a, b, i, j);
                // Any float32 accumulation of k products is within k·u·Σ|a||b| of the exact sum (u = 2⁻²⁴).
                double bound = 1.01 * k * Math.Pow(2, -24) * magnitude + 1e-30;
                Assert.True(Math.Abs(fast[i * n + j] - exact) <= bound,
                    $"C[{i},{j}] fast {fast[i * n + j]} vs exact {exact} (bound {bound})");
                Assert.True(Math.Abs(fast[i * n + j] - reference[i * n + j]) <= 2 * bound,
                    $"C[{i},{j}] fast {fast[i * n + j]} vs reference {reference[i * n + j]}");
            }
    }

    public static readonly TheoryData<int, int, int> ThreadedShapes = new()
    {
        { 128, 784, 128 }, { 784, 128, 128 }, { 128, 128, 784 }, { 128, 128, 128 }, { 157, 300, 97 }, { 40, 600, 600 },
        { 61, 777, 1040 },
    };

    [Theory]
    [MemberData(nameof(ThreadedShapes))]
    public void ResultsAreBitIdenticalForAnyThreadCount(int m, int k, int n)
    {
        Assert.True((long)m * n * k >= MatMulFast.ParallelThreshold);
        foreach (var plan in new[] { GemmPlan.Auto, GemmPlan.Panels, GemmPlan.Blocked })
            foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
            {
                // One thread packs all of B's full panels first when B is not transposed; more threads pack per panel.
                var (a, b) = Operands(m, k, n, transA, transB, seed: 5);
                var one = new float[m * n];
                MatMulFast.Gemm(transA, transB, m, n, k, a, b, null, one, threads: 1, plan);
                for (int threads = 2; threads <= 4; threads++)
                {
                    var many = GemmTestData.Filled(m * n, float.NaN);
                    MatMulFast.Gemm(transA, transB, m, n, k, a, b, null, many, threads, plan);
                    Assert.True(one.AsSpan().SequenceEqual(many), $"{plan}, {threads} threads, transA={transA}, transB={transB}");
                }
            }
    }

    [Fact]
    public void BlockedResultsDoNotDependOnTheRowBlockSize()
    {
        // Row blocks only group the row slivers a thread packs and computes together; each output keeps its FMA chain.
        // 64 slivers also grows the per-thread packing buffer beyond its default size. (Other tests running meanwhile
        // see the knob too; their results cannot depend on it either.)
        int saved = MatMulFast.MaxRowBlock;
        try
        {
            foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
            {
                var (a, b) = Operands(700, 300, 200, transA, transB, seed: 8);
                float[]? expected = null;
                foreach (int rows in new[] { 16, 1, 5, 64 })
                    foreach (int threads in new[] { 1, 2 })
                    {
                        MatMulFast.MaxRowBlock = rows;
                        var c = GemmTestData.Filled(700 * 200, float.NaN);
                        MatMulFast.Gemm(transA, transB, 700, 200, 300, a, b, null, c, threads, GemmPlan.Blocked);
                        expected ??= c;
                        Assert.True(expected.AsSpan().SequenceEqual(c), $"{rows} slivers per block, {threads} threads, transA={transA}, transB={transB}");
                    }
            }
        }
        finally
        {
            MatMulFast.MaxRowBlock = saved;
        }
    }

    [Fact]
    public void ColumnSharesGiveTheRowSplitsBits()
    {
        // Wide products on several threads run as whole column shares, one thread each (its own B blocks and A slivers);
        // with the knob off the threads share B blocks and split the rows. Both must equal one thread bit for bit,
        // bias included (1040 columns: shares of 544/496 on 2 threads, 352/352/336 on 3, 288×3 + 176 on 4, the last
        // ending in a 16-column sliver).
        bool saved = MatMulFast.SplitColumns;
        try
        {
            foreach (var (m, k, n) in new[] { (61, 777, 1040), (300, 600, 700), (530, 260, 520) })
                foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
                {
                    var (a, b) = Operands(m, k, n, transA, transB, seed: 12);
                    var bias = GemmTestData.Uniform(n, 1, seed: 4).A;
                    var one = new float[m * n];
                    MatMulFast.Gemm(transA, transB, m, n, k, a, b, bias, one, threads: 1, GemmPlan.Blocked);
                    foreach (bool split in new[] { true, false })
                        foreach (int threads in new[] { 2, 3, 4 })
                        {
                            MatMulFast.SplitColumns = split;
                            var many = GemmTestData.Filled(m * n, float.NaN);
                            MatMulFast.Gemm(transA, transB, m, n, k, a, b, bias, many, threads, GemmPlan.Blocked);
                            Assert.True(one.AsSpan().SequenceEqual(many), $"{m}x{k}x{n}, split={split}, {threads} threads, transA={transA}, transB={transB}");
                        }
                }
        }
        finally
        {
            MatMulFast.SplitColumns = saved;
        }
    }

    [Fact]
    public void BlockedResultsDoNotDependOnTheKBlock()
    {
        // Each output is one FMA chain over all of k, continued from the partial sum the previous k block stored, so the
        // blocked plan's k block (per tier: 512 in the 512-bit tier, 256 in the others) changes no bit.
        Assert.Equal((512, 256, 256), (MatMulFast.BlockKFor(IsaTier.Vector512), MatMulFast.BlockKFor(IsaTier.Vector256), MatMulFast.BlockKFor(IsaTier.Scalar)));
        int saved = MatMulFast.BlockK;
        try
        {
            foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
            {
                var (a, b) = Operands(150, 1100, 90, transA, transB, seed: 14);
                float[]? expected = null;
                foreach (int blockK in new[] { 0, 256, 100, 1024 })
                    foreach (int threads in new[] { 1, 2 })
                    {
                        MatMulFast.BlockK = blockK;
                        var c = GemmTestData.Filled(150 * 90, float.NaN);
                        MatMulFast.Gemm(transA, transB, 150, 90, 1100, a, b, null, c, threads, GemmPlan.Blocked);
                        expected ??= c;
                        Assert.True(expected.AsSpan().SequenceEqual(c), $"k block {blockK}, {threads} threads, transA={transA}, transB={transB}");
                    }
            }
        }
        finally
        {
            MatMulFast.BlockK = saved;
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => MatMulFast.BlockK = 7);
    }

    [Fact]
    public void PanelsAndBlockedAgreeWhenTheirKBlocksAgree()
    {
        // With one k block in both plans (k ≤ BlockK) every output is the same FMA chain, so results are equal.
        foreach (var (m, k, n) in new[] { (128, 128, 128), (784, 128, 128), (128, 128, 784), (128, 128, 10), (61, 200, 97) })
            foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
            {
                var (a, b) = Operands(m, k, n, transA, transB, seed: 6);
                var bias = GemmTestData.Filled(n, 0.5f);
                var blocked = new float[m * n];
                MatMulFast.Gemm(transA, transB, m, n, k, a, b, bias, blocked, threads: 2, GemmPlan.Blocked);
                foreach (int threads in new[] { 1, 2 })
                {
                    var panels = new float[m * n];
                    MatMulFast.Gemm(transA, transB, m, n, k, a, b, bias, panels, threads, GemmPlan.Panels);
                    Assert.True(panels.AsSpan().SequenceEqual(blocked), $"{m}x{k}x{n}, transA={transA}, transB={transB}, {threads} threads");
                }
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(128)]
    [InlineData(784)]
    public void SliversCoverEveryRowOnceWithAtMostSixEach(int m)
    {
        int count = (m + 5) / 6, next = 0;
        for (int s = 0; s < count; s++)
        {
            int rows = MatMulFast.Sliver(m, s, out int i0);
            Assert.Equal(next, i0);
            Assert.InRange(rows, m >= 6 ? 3 : 1, 6);
            next += rows;
        }
        Assert.Equal(m, next);
    }

    // The 512-bit tier's 12-row slivers: a remainder of 1–6 rows is shared with the last full sliver.
    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(128)]
    [InlineData(130)]
    [InlineData(784)]
    public void TwelveRowSliversCoverEveryRowOnce(int m)
    {
        int count = (m + 11) / 12, next = 0;
        for (int s = 0; s < count; s++)
        {
            int rows = MatMulFast.Sliver(m, s, 12, out int i0);
            Assert.Equal(next, i0);
            Assert.InRange(rows, m >= 12 ? 6 : 1, 12);
            next += rows;
        }
        Assert.Equal(m, next);
    }

    [Fact]
    public void ConcurrentCallersGetTheSameResults()
    {
        const int m = 130, k = 300, n = 140;
        var (a, b) = Operands(m, k, n, false, false, seed: 8);
        var expected = new float[m * n];
        MatMulFast.Gemm(false, false, m, n, k, a, b, expected, threads: 1);
        var results = new float[6][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i =>
        {
            for (int repeat = 0; repeat < 5; repeat++)
            {
                results[i] = new float[m * n];
                MatMulFast.Gemm(false, false, m, n, k, a, b, results[i], threads: 2);
                Assert.True(expected.AsSpan().SequenceEqual(results[i]));
            }
        });
    }

    [Theory]
    [InlineData(7, 13, 11)]
    [InlineData(128, 784, 128)]
    [InlineData(96, 128, 10)]
    [InlineData(33, 300, 17)]
    public void ExactPathIsDoubleAccumulationRoundedOnce(int m, int k, int n)
    {
        using var _ = Engine.UsePath(NumericPath.Exact);
        var (a, b) = Operands(m, k, n, false, false, seed: 11);
        var (at, _) = Operands(m, k, n, true, false, seed: 11);
        var (_, bt) = Operands(m, k, n, false, true, seed: 11);
        var c = new Matrix(1, 1);
        foreach (var form in new[] { 0, 1, 2 })
        {
            bool transA = form == 1, transB = form == 2;
            var aa = transA ? at : a;
            var bb = transB ? bt : b;
            var am = transA ? new Matrix(k, m, aa) : new Matrix(m, k, aa);
            var bm = transB ? new Matrix(n, k, bb) : new Matrix(k, n, bb);
            if (form == 0) MatMul.Multiply(am, bm, c);
            else if (form == 1) MatMul.MultiplyTransposeA(am, bm, c);
            else MatMul.MultiplyTransposeB(am, bm, c);
            Assert.Equal((m, n), (c.Rows, c.Columns));
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    Assert.Equal((float)GemmTestData.DoubleDot(transA, transB, m, n, k, aa, bb, i, j).Exact, c[i, j]);
        }
    }

    [Theory]
    [InlineData(NumericPath.Fast)]
    [InlineData(NumericPath.Exact)]
    public void MultiplyAddBiasIsDotThenBias(NumericPath path)
    {
        using var _ = Engine.UsePath(path);
        foreach (var (m, k, n) in new[] { (128, 784, 128), (96, 128, 10), (5, 3, 33), (300, 64, 40), (2, 9, 1) })
        {
            var (a, b) = Operands(m, k, n, false, false, seed: 3);
            var bias = new Matrix(1, n);
            var random = new Random(9);
            for (int j = 0; j < n; j++) bias[0, j] = (float)(random.NextDouble() * 2 - 1);
            var c = new Matrix(m, n);
            MatMul.MultiplyAddBias(new Matrix(m, k, a), new Matrix(k, n, b), bias, c);
            var dot = new Matrix(m, n);
            MatMul.Multiply(new Matrix(m, k, a), new Matrix(k, n, b), dot);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    Assert.Equal(dot[i, j] + bias[0, j], c[i, j]);
        }
    }

    [Fact]
    public void FusedBiasIsBitIdenticalForAnyThreadCount()
    {
        var (a, b) = Operands(128, 784, 128, false, false, seed: 4);
        var bias = GemmTestData.Filled(128, 0.25f);
        var one = new float[128 * 128];
        MatMulFast.Gemm(false, false, 128, 128, 784, a, b, bias, one, threads: 1);
        var two = new float[128 * 128];
        MatMulFast.Gemm(false, false, 128, 128, 784, a, b, bias, two, threads: 2);
        Assert.True(one.AsSpan().SequenceEqual(two));
    }

    [Fact]
    public void EmptyDepthGivesZerosOrBias()
    {
        var c = GemmTestData.Filled(6, float.NaN);
        MatMulFast.Gemm(false, false, 2, 3, 0, [], [], c, threads: 1);
        Assert.All(c, v => Assert.Equal(0f, v));
        MatMulFast.Gemm(false, false, 2, 3, 0, [], [], [1f, 2f, 3f], c, threads: 1);
        Assert.Equal([1f, 2f, 3f, 1f, 2f, 3f], c);
    }

    [Fact]
    public void BadShapesAreRejectedWithTheirShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => MatMul.Multiply(new Matrix(2, 3), new Matrix(4, 5), new Matrix(1, 1)));
        Assert.Contains("(2, 3)", ex.Message);
        var bias = Assert.Throws<ArgumentException>(() =>
            MatMul.MultiplyAddBias(new Matrix(2, 3), new Matrix(3, 5), new Matrix(1, 4), new Matrix(1, 1)));
        Assert.Contains("(1, 4)", bias.Message);
    }

    private static (float[] A, float[] B) Operands(int m, int k, int n, bool transA, bool transB, int seed) =>
        GemmTestData.Uniform(m * k, k * n, seed);
}
