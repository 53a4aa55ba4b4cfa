using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Tests.Kernels;

public class MatMulSmallTests
{
    // (m, k, n): 1×1, the spiral's six products (forward, weight and input gradients of 2→64→3 at batch 300),
    // primes with a short side (the small path needs one, see MatMulSmall.MaxShortSide), and shapes around the row form's 64/32/8-wide chunks and the dot form's 2-row, 4-column blocks and 8-deep steps.
    public static readonly TheoryData<int, int, int> Shapes = new()
    {
        { 1, 1, 1 }, { 300, 2, 64 }, { 300, 64, 3 }, { 2, 300, 64 }, { 64, 300, 3 }, { 300, 3, 64 }, { 300, 64, 2 },
        { 1, 13, 11 }, { 13, 3, 29 }, { 31, 37, 4 }, { 3, 97, 2 }, { 4, 8, 33 }, { 9, 1, 9 }, { 41, 2, 47 }, { 5, 3, 101 }, { 130, 7, 4 },
        { 3, 300, 130 }, { 4, 61, 67 },
    };

    public static IEnumerable<object[]> Cases()
    {
        foreach (var row in Shapes)
            foreach (var form in new[] { (false, false), (true, false), (false, true) })
                yield return [row[0], row[1], row[2], form.Item1, form.Item2];
        for (int n = 1; n <= 17; n++)
            foreach (var form in new[] { (false, false), (true, false), (false, true) })
            {
                yield return [11, 3, n, form.Item1, form.Item2];
                yield return [3, 19, n, form.Item1, form.Item2];
                yield return [19, 23, n, form.Item1, form.Item2];
            }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SmallPathMatchesReferenceWithinRoundingBound(int m, int k, int n, bool transA, bool transB)
    {
        Assert.True(MatMulSmall.Applies(m, n, k) || n > MatMulSmall.MaxShortSide);
        var (a, b) = Operands(m * k, k * n, seed: m * 31 + k * 7 + n);
        var small = GemmTestData.Filled(m * n, float.NaN);
        var reference = new float[m * n];
        MatMulFast.Gemm(transA, transB, m, n, k, a, b, small, threads: 1);
        MatMulReference.Gemm(transA, transB, m, n, k, a, b, reference);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                var (exact, magnitude) = GemmTestData.DoubleDot(transA, transB, m, n, k, a, b, i, j);
                // Any float32 accumulation of k products is within k·u·Σ|a||b| of the exact sum (u = 2⁻²⁴).
                double bound = 1.01 * k * Math.Pow(2, -24) * magnitude + 1e-30;
                Assert.True(Math.Abs(small[i * n + j] - exact) <= bound,
                    $"C[{i},{j}] small {small[i * n + j]} vs exact {exact} (bound {bound})");
                Assert.True(Math.Abs(small[i * n + j] - reference[i * n + j]) <= 2 * bound,
                    $"C[{i},{j}] small {small[i * n + j]} vs reference {reference[i * n + j]}");
            }
    }

    public static IEnumerable<object[]> VectorTiersAnd(params (int, int, int)[] shapes)
    {
        foreach (var tier in GemmTestData.VectorTiers)
            foreach (var (x, y, z) in shapes)
                yield return [tier, x, y, z];
    }

    public static IEnumerable<object[]> ShortSideShapes() => VectorTiersAnd(
        (1, 5, 20), (2, 19, 48), (1, 9, 63), (3, 7, 40), (4, 6, 37), (20, 5, 1), (48, 19, 2), (40, 7, 3), (64, 300, 3), (2, 9, 64), (3, 5, 144));

    // Aᵀ·B with a short side runs as one FMA chain per output along k in every vector tier (forced, emulated where
    // the processor lacks it; unfused multiply-adds in Vector128Unfused): blocks of 4 and 3 vectors, the two-vector pass for the columns left after the wide
    // blocks (1-, 2- and 3-row forms), single vectors and scalar columns, 512-bit where the columns are whole
    // 16-float vectors (48, 64, 144), 256-bit otherwise.
    [Theory]
    [MemberData(nameof(ShortSideShapes))]
    public void TransposedAWithAShortSideIsAnFmaChainAlongK(IsaTier tier, int m, int k, int n)
    {
        using var _ = Engine.UseTier(tier);
        var (a, b) = Operands(k * m, k * n, seed: m + 3 * k + 5 * n);
        var c = GemmTestData.Filled(m * n, float.NaN);
        Assert.True(MatMulSmall.TryGemm(true, false, m, n, k, a, b, null, c));
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc = GemmTestData.MultiplyAdd(tier, a[p * m + i], b[p * n + j], acc);
                Assert.True(BitConverter.SingleToInt32Bits(acc) == BitConverter.SingleToInt32Bits(c[i * n + j]),
                    $"C[{i},{j}] = {c[i * n + j]}, FMA chain {acc}");
            }
    }

    [Theory]
    [InlineData(300, 2, 64)]
    [InlineData(300, 64, 3)]
    [InlineData(7, 3, 13)]
    [InlineData(1, 1, 1)]
    public void FusedBiasIsDotThenBias(int m, int k, int n)
    {
        var (a, b) = Operands(m * k, k * n, seed: 2);
        var (bias, _) = Operands(n, 0, seed: 3);
        var dot = new float[m * n];
        MatMulFast.Gemm(false, false, m, n, k, a, b, dot, threads: 1);
        var fused = GemmTestData.Filled(m * n, float.NaN);
        MatMulFast.Gemm(false, false, m, n, k, a, b, bias, fused, threads: 1);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.Equal(dot[i * n + j] + bias[j], fused[i * n + j]);
    }

    [Fact]
    public void SpiralProductsAllocateNothing()
    {
        var random = new Random(4);
        Matrix Random(int r, int c)
        {
            var m = new Matrix(r, c);
            for (int i = 0; i < m.Span.Length; i++) m.Span[i] = (float)(random.NextDouble() * 2 - 1);
            return m;
        }
        Matrix x = Random(300, 2), w1 = Random(2, 64), b1 = Random(1, 64), h = Random(300, 64), w2 = Random(64, 3);
        Matrix b2 = Random(1, 3), g2 = Random(300, 3), g1 = Random(300, 64), c = new(300, 64);
        void Step()
        {
            MatMul.MultiplyAddBias(x, w1, b1, c);
            MatMul.MultiplyAddBias(h, w2, b2, c);
            MatMul.MultiplyTransposeA(h, g2, c);
            MatMul.MultiplyTransposeB(g2, w2, c);
            MatMul.MultiplyTransposeA(x, g1, c);
            MatMul.MultiplyTransposeB(g1, w1, c);
        }
        using var _ = Engine.UsePath(NumericPath.Fast);
        SteadyState.AssertAllocatesNothing(Step, "the small products");
    }

    [Theory]
    [InlineData(300, 2, 64)]
    [InlineData(300, 64, 3)]
    [InlineData(2, 300, 64)]
    [InlineData(64, 300, 3)]
    [InlineData(300, 3, 64)]
    public void ResultsAreIdenticalForOneAndTwoThreads(int m, int k, int n)
    {
        using var _ = Engine.UsePath(NumericPath.Fast);
        int saved = Engine.Threads;
        try
        {
            foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
            {
                var (a, b) = Operands(m * k, k * n, seed: 6);
                var ma = transA ? new Matrix(k, m, a) : new Matrix(m, k, a);
                var mb = transB ? new Matrix(n, k, b) : new Matrix(k, n, b);
                var one = new Matrix(m, n);
                var two = new Matrix(m, n);
                Engine.Threads = 1;
                Multiply(transA, transB, ma, mb, one);
                Engine.Threads = 2;
                Multiply(transA, transB, ma, mb, two);
                Assert.True(one.Span.SequenceEqual(two.Span), $"transA={transA}, transB={transB}");
            }
        }
        finally
        {
            Engine.Threads = saved;
        }
    }

    [Theory]
    [InlineData(300, 2, 64)]
    [InlineData(300, 64, 3)]
    [InlineData(64, 300, 3)]
    [InlineData(300, 3, 64)]
    public void TryGemmIsTheSmallPathOfTheFastKernel(int m, int k, int n)
    {
        // The small path declines in the scalar tier only.
        foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
        {
            var (a, b) = Operands(m * k, k * n, seed: 8);
            var (bias, _) = Operands(n, 0, seed: 9);
            var direct = GemmTestData.Filled(m * n, float.NaN);
            var viaFast = new float[m * n];
            Assert.True(MatMulSmall.TryGemm(transA, transB, m, n, k, a, b, bias, direct));
            MatMulFast.Gemm(transA, transB, m, n, k, a, b, bias, viaFast, threads: 1);
            Assert.True(direct.AsSpan().SequenceEqual(viaFast), $"transA={transA}, transB={transB}");
        }
    }

    [Theory]
    [InlineData(300, 0, 64)]
    [InlineData(0, 2, 64)]
    [InlineData(128, 128, 128)]
    [InlineData(300, 64, 64)]
    public void TryGemmDeclinesEmptyAndLargeProducts(int m, int k, int n)
    {
        var c = new float[Math.Max(1, m * n)];
        Assert.False(MatMulSmall.TryGemm(false, false, m, n, k, new float[m * k], new float[k * n], null, c));
    }

    private static void Multiply(bool transA, bool transB, Matrix a, Matrix b, Matrix c)
    {
        if (transA) MatMul.MultiplyTransposeA(a, b, c);
        else if (transB) MatMul.MultiplyTransposeB(a, b, c);
        else MatMul.Multiply(a, b, c);
    }

    private static (float[] A, float[] B) Operands(int aLength, int bLength, int seed) =>
        GemmTestData.Uniform(aLength, bLength, seed);

    public static IEnumerable<object[]> RectifiedShapes() => VectorTiersAnd((300, 64, 2), (7, 45, 1), (9, 8, 4), (5, 48, 3), (6, 40, 2));

    // In every vector tier; (300, 64, 2) and (5, 48, 3) take 512-bit vectors in the 512-bit tier, 45 and 40 columns 256-bit ones.
    [Theory]
    [MemberData(nameof(RectifiedShapes))]
    public void RectifiedProductMatchesTheProductThenReLU(IsaTier tier, int m, int n, int k)
    {
        using var _ = Engine.UsePath(NumericPath.Fast);
        using var __ = Engine.UseTier(tier);
        var random = new Nnfs.Randomness.RandomState(5);
        var a = new Matrix(m, k);
        var b = new Matrix(k, n);
        var bias = new Matrix(1, n);
        random.Randn(a.Span);
        random.Randn(b.Span);
        random.Randn(bias.Span);
        a.Span[0] = float.NaN;
        bias.Span[1] = 0f;
        b.Span[1] = 0f;

        var c = new Matrix(m, n);
        var r = new Matrix(m, n);
        Assert.True(MatMulSmall.TryGemmRectified(m, n, k, a.Buffer, b.Buffer, bias.Buffer, c.Buffer, r.Buffer));
        var expected = new Matrix(m, n);
        var rectified = new Matrix(m, n);
        MatMul.MultiplyAddBias(a, b, bias, expected);
        Rectifier.Rectify(expected.Span, rectified.Span);
        Assert.Equal(Bits(expected.Span), Bits(c.Span));
        Assert.Equal(Bits(rectified.Span), Bits(r.Span));
        Assert.Contains(0f, r.Span.ToArray());
    }

    public static IEnumerable<object[]> BackwardShapes()
    {
        foreach (var tier in GemmTestData.VectorTiers)
            foreach (var (rows, hidden, inputs, outputs) in new[] { (300, 64, 2, 3), (37, 40, 1, 1), (37, 40, 3, 2), (5, 8, 4, 4), (9, 128, 4, 1), (11, 48, 2, 4) })
                yield return [tier, rows, hidden, inputs, outputs];
    }

    // In every vector tier: hidden 64, 128 and 48 take 512-bit vectors in the 512-bit tier, 40 and 8 256-bit ones.
    [Theory]
    [MemberData(nameof(BackwardShapes))]
    public void DenseReLUBackwardMatchesTheUnfusedProductsMaskAndSums(IsaTier tier, int rows, int hidden, int inputs, int outputs)
    {
        using var _ = Engine.UsePath(NumericPath.Fast);
        using var __ = Engine.UseTier(tier);
        var random = new Nnfs.Randomness.RandomState(11);
        var g = new Matrix(rows, outputs);
        var w = new Matrix(hidden, outputs);
        var z = new Matrix(rows, hidden);
        var x = new Matrix(rows, inputs);
        random.Randn(g.Span);
        random.Randn(w.Span);
        random.Randn(z.Span);
        random.Randn(x.Span);
        z.Span[5] = 0f;
        z.Span[6] = -0f;
        z.Span[7] = float.NaN;

        var d2 = new Matrix(rows, hidden);
        var d1 = new Matrix(rows, hidden);
        var dw = new Matrix(inputs, hidden);
        var db = new Matrix(1, hidden);
        Assert.True(MatMulSmall.TryDenseReLUBackward(rows, hidden, inputs, outputs, g.Buffer, w.Buffer, z.Buffer,
            x.Buffer, d2.Buffer, d1.Buffer, dw.Buffer, db.Buffer));

        var e2 = new Matrix(rows, hidden);
        var e1 = new Matrix(rows, hidden);
        var ew = new Matrix(inputs, hidden);
        var eb = new float[hidden];
        MatMul.MultiplyTransposeB(g, w, e2);
        Rectifier.Mask(z.Span, e2.Span, e1.Span);
        MatMul.MultiplyTransposeA(x, e1, ew);
        ColumnSums.InRowOrder(e1.Span, hidden, eb);

        Assert.Equal(Bits(e2.Span), Bits(d2.Span));
        Assert.Equal(Bits(e1.Span), Bits(d1.Span));
        Assert.Equal(Bits(ew.Span), Bits(dw.Span));
        Assert.Equal(Bits(eb), Bits(db.Span));
        Assert.Equal(0f, d1.Span[5]);
        Assert.Equal(d2.Span[7], d1.Span[7]);
    }

    [Fact]
    public void DenseReLUBackwardDeclinesShapesItDoesNotCover()
    {
        var big = new float[1000];
        Assert.False(MatMulSmall.DenseReLUBackwardApplies(10, 20, 2, 3));
        Assert.False(MatMulSmall.DenseReLUBackwardApplies(10, 16, 5, 3));
        Assert.False(MatMulSmall.DenseReLUBackwardApplies(10, 16, 2, 5));
        Assert.Equal(Engine.Tier != IsaTier.Scalar, MatMulSmall.DenseReLUBackwardApplies(10, 16, 2, 3));
        using (Engine.UseTier(IsaTier.Scalar))
        {
            Assert.False(MatMulSmall.DenseReLUBackwardApplies(10, 16, 2, 3));
            Assert.False(MatMulSmall.GemmRectifiedApplies(10, 16, 2));
            Assert.False(MatMulSmall.TryGemm(false, false, 10, 16, 2, big, big, null, big));
        }
        Assert.False(MatMulSmall.GemmRectifiedApplies(10, 16, 5));
        Assert.False(MatMulSmall.GemmRectifiedApplies(10, 7, 2));
        Assert.False(MatMulSmall.TryDenseReLUBackward(10, 20, 2, 3, big, big, big, big, big, big, big, big));
        Assert.False(MatMulSmall.TryDenseReLUBackward(10, 16, 5, 3, big, big, big, big, big, big, big, big));
        Assert.False(MatMulSmall.TryDenseReLUBackward(10, 16, 2, 5, big, big, big, big, big, big, big, big));
    }

    public static IEnumerable<object[]> TiersAndForms()
    {
        // Both forms, the tuned shapes (the spiral's products at batch 30), 512-bit blocks (48, 64, 144 columns) and
        // the 256-bit ones the 512-bit tier falls back to (29, 33, 67, 101), dot products with and without a k tail.
        var shapes = new[]
        {
            (1, 1, 1), (30, 2, 64), (30, 64, 3), (2, 30, 64), (64, 30, 3), (30, 3, 64), (30, 64, 2), (13, 3, 29), (31, 37, 4),
            (3, 97, 2), (4, 8, 33), (9, 1, 48), (5, 3, 101), (4, 9, 144), (3, 19, 130), (4, 61, 67), (7, 20, 4), (2, 17, 16),
        };
        foreach (var tier in GemmTestData.VectorTiers)
            foreach (var (m, k, n) in shapes)
                foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
                    yield return [tier, m, k, n, transA, transB];
    }

    // Every vector tier (forced, emulated where the processor lacks it) sums each output in the documented order,
    // bit for bit: the row forms one FMA chain along k from zero; the dot forms (A·B with n < 8; A·Bᵀ unless n ≥ 8
    // and k < 8) eight chains over lanes p mod 8 of the first k − k mod 8 terms, added ((0+1)+(2+3))+((4+5)+(6+7)),
    // then FMAs over the rest; the bias last (Vector128Unfused: the same with unfused multiply-adds). So every fused
    // tier gives the same bits, and the same again for 2 threads
    // and for the rows taken in two parts.
    [Theory]
    [MemberData(nameof(TiersAndForms))]
    public void EveryVectorTierSumsInTheDocumentedOrder(IsaTier tier, int m, int k, int n, bool transA, bool transB)
    {
        using var _ = Engine.UseTier(tier);
        var (a, b) = Operands(m * k, k * n, seed: m * 7 + k * 3 + n);
        var (bias, _) = Operands(n, 0, seed: n);
        var c = GemmTestData.Filled(m * n, float.NaN);
        Assert.True(MatMulSmall.TryGemm(transA, transB, m, n, k, a, b, bias, c));
        bool dot = !transA && (transB ? !(n >= 8 && k < 8) : n < 8);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float A(int p) => transA ? a[p * m + i] : a[i * k + p];
                float B(int p) => transB ? b[j * k + p] : b[p * n + j];
                float expected;
                int p0 = 0;
                if (dot)
                {
                    var lanes = new float[8];
                    for (p0 = 0; p0 + 8 <= k; p0 += 8)
                        for (int l = 0; l < 8; l++) lanes[l] = GemmTestData.MultiplyAdd(tier, A(p0 + l), B(p0 + l), lanes[l]);
                    expected = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
                }
                else
                    expected = 0f;
                for (int p = p0; p < k; p++) expected = GemmTestData.MultiplyAdd(tier, A(p), B(p), expected);
                expected += bias[j];
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(c[i * n + j]),
                    $"{tier} C[{i},{j}] = {c[i * n + j]:R}, expected {expected:R} ({(dot ? "dot" : "row")} form)");
            }
        var twoThreads = GemmTestData.Filled(m * n, float.NaN);
        MatMulFast.Gemm(transA, transB, m, n, k, a, b, bias, twoThreads, threads: 2);
        Assert.Equal(Bits(c), Bits(twoThreads));
        if (transA || m < 2) return;
        int top = m / 3 + 1;
        var parts = GemmTestData.Filled(m * n, float.NaN);
        Assert.True(MatMulSmall.TryGemm(transA, transB, top, n, k, a.AsSpan(0, top * k), b, bias, parts));
        Assert.True(MatMulSmall.TryGemm(transA, transB, m - top, n, k, a.AsSpan(top * k), b, bias, parts.AsSpan(top * n)));
        Assert.Equal(Bits(c), Bits(parts));
    }

    // Bit patterns, so that −0 and +0 (equal as floats) count as different.
    private static int[] Bits(ReadOnlySpan<float> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(values).ToArray();
}
