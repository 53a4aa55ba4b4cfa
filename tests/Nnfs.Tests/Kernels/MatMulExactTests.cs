using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public class MatMulExactTests
{
    // (m, k, n): 1×1, primes, 4-row and 8-column tile edges, 64-row panels, depths around the 400 block (one
    // block, two, an uneven last one), the 784-128-128-10 network at batch 128 and its 96-row last batch.
    public static readonly TheoryData<int, int, int> Shapes = new()
    {
        { 1, 1, 1 }, { 7, 13, 11 }, { 3, 5, 2 }, { 1, 64, 100 }, { 100, 64, 1 }, { 211, 3, 5 }, { 2, 300, 7 },
        { 5, 5, 7 }, { 6, 6, 8 }, { 7, 7, 9 }, { 23, 17, 15 }, { 24, 16, 16 }, { 25, 31, 17 }, { 47, 2, 48 },
        { 128, 784, 128 }, { 128, 128, 128 }, { 128, 128, 10 }, { 96, 784, 128 }, { 96, 128, 10 },
        { 784, 128, 128 }, { 128, 10, 128 }, { 128, 128, 784 }, { 10, 128, 128 }, { 37, 1031, 29 },
        { 4, 256, 8 }, { 65, 257, 9 }, { 64, 512, 16 }, { 131, 600, 12 }, { 4, 400, 8 }, { 65, 401, 9 }, { 9, 1201, 13 },
    };

    public static IEnumerable<object[]> ShapesAndForms()
    {
        foreach (var row in Shapes)
            foreach (var form in new[] { (false, false), (true, false), (false, true) })
                yield return [row[0], row[1], row[2], form.Item1, form.Item2];
    }

    [Theory]
    [MemberData(nameof(ShapesAndForms))]
    public void MatchesSequentialDoubleLoopBitForBit(int m, int k, int n, bool transA, bool transB)
    {
        var (a, b) = Operands(m, k, n, seed: m * 31 + k * 7 + n, wide: (m + n) % 2 == 0);
        var fast = GemmTestData.Filled(m * n + 3, float.NaN);
        var reference = GemmTestData.Filled(m * n + 3, float.NaN);
        MatMulExact.Gemm(transA, transB, m, n, k, a, b, fast, threads: 2);
        MatMulExactReference.Gemm(transA, transB, m, n, k, a, b, reference);
        AssertBitIdentical(reference, fast, $"m={m} k={k} n={n} transA={transA} transB={transB}");
    }

    public static readonly TheoryData<int, int, int, int> BiasShapes = new()
    {
        { 1, 1, 1, 1 }, { 7, 13, 11, 1 }, { 128, 784, 128, 2 }, { 128, 128, 10, 1 }, { 96, 784, 128, 3 }, { 37, 300, 29, 2 },
    };

    [Theory]
    [MemberData(nameof(BiasShapes))]
    public void BiasIsAddedInFloat32AfterTheRounding(int m, int k, int n, int threads)
    {
        var (a, b) = Operands(m, k, n, seed: m + k + n, wide: true);
        var bias = new float[n + 1];
        var random = new Random(3);
        for (int j = 0; j < bias.Length; j++) bias[j] = (float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-20, 21)));
        bias[0] = -0f;
        var expected = new float[m * n];
        MatMulExactReference.Gemm(false, false, m, n, k, a, b, expected);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) expected[i * n + j] += bias[j];
        var actual = GemmTestData.Filled(m * n, float.NaN);
        MatMulExact.Gemm(false, false, m, n, k, a, b, bias.AsSpan(0, n), actual, threads);
        AssertBitIdentical(expected, actual, $"m={m} k={k} n={n} threads={threads} with bias");
    }

    [Fact]
    public void ReferenceIsTheDoubleDotRoundedOnce()
    {
        const int m = 9, k = 40, n = 11;
        var (a, b) = Operands(m, k, n, seed: 4, wide: true);
        var c = new float[m * n];
        MatMulExactReference.Gemm(false, false, m, n, k, a, b, c);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double)a[i * k + p] * b[p * n + j];
                Assert.Equal(BitConverter.SingleToInt32Bits((float)s), BitConverter.SingleToInt32Bits(c[i * n + j]));
            }
    }

    [Fact]
    public void SpecialValuesAndSignedZerosMatchTheReference()
    {
        const int m = 13, k = 9, n = 17;
        var (a, b) = Operands(m, k, n, seed: 12, wide: false);
        float[] specials = [0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.MaxValue, float.Epsilon, -float.MaxValue];
        var random = new Random(6);
        for (int i = 0; i < a.Length; i += 5) a[i] = specials[random.Next(specials.Length)];
        for (int i = 0; i < b.Length; i += 7) b[i] = specials[random.Next(specials.Length)];
        Array.Fill(a, -0f, 0, k);
        foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
        {
            var fast = new float[m * n];
            var reference = new float[m * n];
            MatMulExact.Gemm(transA, transB, m, n, k, a, b, fast, threads: 1);
            MatMulExactReference.Gemm(transA, transB, m, n, k, a, b, reference);
            AssertBitIdentical(reference, fast, $"transA={transA} transB={transB}");
        }
    }

    public static readonly TheoryData<int, int, int> ThreadedShapes = new()
    {
        { 128, 784, 128 }, { 784, 128, 128 }, { 128, 128, 784 }, { 157, 300, 97 },
    };

    [Theory]
    [MemberData(nameof(ThreadedShapes))]
    public void ResultsAreBitIdenticalForAnyThreadCount(int m, int k, int n)
    {
        Assert.True((long)m * n * k >= MatMulFast.ParallelThreshold);
        foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
        {
            var (a, b) = Operands(m, k, n, seed: 5, wide: false);
            var one = new float[m * n];
            MatMulExact.Gemm(transA, transB, m, n, k, a, b, one, threads: 1);
            for (int threads = 2; threads <= 3; threads++)
            {
                var many = GemmTestData.Filled(m * n, float.NaN);
                MatMulExact.Gemm(transA, transB, m, n, k, a, b, many, threads);
                AssertBitIdentical(one, many, $"{threads} threads, transA={transA}, transB={transB}");
            }
        }
    }

    [Theory]
    [InlineData(128, 784, 128, 2)]
    [InlineData(784, 128, 128, 2)]
    [InlineData(131, 600, 12, 3)]
    [InlineData(37, 1031, 29, 1)]
    public void PrivatelyPackedSliversGiveTheSameResults(int m, int k, int n, int threads)
    {
        foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
        {
            var (a, b) = Operands(m, k, n, seed: 8, wide: true);
            var bias = new float[n];
            for (int j = 0; j < n; j++) bias[j] = j * 0.25f - 1;
            var expected = new float[m * n];
            MatMulExactReference.Gemm(transA, transB, m, n, k, a, b, expected);
            var actual = GemmTestData.Filled(m * n, float.NaN);
            MatMulExact.Gemm(transA, transB, m, n, k, a, b, default, actual, threads, privatePacking: true);
            AssertBitIdentical(expected, actual, $"private packing, m={m} k={k} n={n} threads={threads} transA={transA} transB={transB}");
            if (transA || transB) continue;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) expected[i * n + j] += bias[j];
            MatMulExact.Gemm(false, false, m, n, k, a, b, bias, actual, threads, privatePacking: true);
            AssertBitIdentical(expected, actual, $"private packing with bias, m={m} k={k} n={n} threads={threads}");
        }
    }

    [Fact]
    public void NarrowProductsAreComputedTransposed()
    {
        // The shapes above cover both ways (e.g. 128×10, 7×11 and 157×97 transposed; 10×128, 37×29 and 128×128 not),
        // with the 8-column slivers of the 256- and 128-bit tiers and the 32-column ones of the 512-bit tier.
        Assert.True(MatMulExact.Transposes(128, 10, 8));
        Assert.True(MatMulExact.Transposes(7, 11, 8));
        Assert.True(MatMulExact.Transposes(157, 97, 8));
        Assert.False(MatMulExact.Transposes(10, 128, 8));
        Assert.False(MatMulExact.Transposes(37, 29, 8));
        Assert.False(MatMulExact.Transposes(128, 128, 8));
        Assert.False(MatMulExact.Transposes(128, 784, 8));
        Assert.True(MatMulExact.Transposes(128, 10, 32));
        Assert.True(MatMulExact.Transposes(64, 17, 32));
        Assert.False(MatMulExact.Transposes(10, 128, 32));
        Assert.False(MatMulExact.Transposes(7, 11, 32));
        Assert.False(MatMulExact.Transposes(128, 128, 32));
        // 2 % fewer padded lanes do not pay for storing the transpose element by element.
        Assert.False(MatMulExact.Transposes(128, 784, 32));
        Assert.False(MatMulExact.Transposes(784, 128, 32));
    }

    public static IEnumerable<object[]> TiersAndShapes()
    {
        // Tile edges of both sliver widths (4 rows; 8 and 32 columns), the depth blocks of both (400 and 200: one
        // block, two, an uneven last one), the narrow products computed transposed, and a panel edge (65 rows);
        // transposed with a last sliver of two rows over three depth blocks (the 512-bit form's half tile resuming from
        // stored sums) and of one row with a ragged last column sliver (6 columns stored back transposed).
        var shapes = new[] { (1, 1, 1), (7, 13, 11), (4, 9, 32), (9, 201, 33), (5, 401, 64), (65, 17, 70), (128, 128, 10), (13, 60, 100),
            (300, 401, 6), (70, 60, 5) };
        foreach (var tier in Enum.GetValues<IsaTier>())
            foreach (var (m, k, n) in shapes)
                foreach (var (transA, transB) in new[] { (false, false), (true, false), (false, true) })
                    yield return [tier, m, k, n, transA, transB];
    }

    // Each tier's kernel (the 512-bit 4×32 tile, the 256-bit 4×8 one, the 128-bit 4×8 one of Vector128, the plain
    // loop), forced here and emulated where the processor lacks the width: the reference's bits with and without a
    // bias, on 1 and 2 threads, with shared and with private op(B) slivers.
    [Theory]
    [MemberData(nameof(TiersAndShapes))]
    public void EveryTierMatchesTheReferenceBitForBit(IsaTier tier, int m, int k, int n, bool transA, bool transB)
    {
        using var _ = Engine.UseTier(tier);
        var (a, b) = Operands(m, k, n, seed: m + 3 * k + 7 * n, wide: (m + k) % 2 == 1);
        var bias = new float[n];
        for (int j = 0; j < n; j++) bias[j] = j % 5 == 0 ? -0f : j * 0.375f - 3;
        var expected = new float[m * n];
        MatMulExactReference.Gemm(transA, transB, m, n, k, a, b, expected);
        var withBias = (float[])expected.Clone();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) withBias[i * n + j] += bias[j];
        foreach (int threads in new[] { 1, 2 })
            foreach (bool privatePacking in new[] { false, true })
            {
                string what = $"{tier}, m={m} k={k} n={n} transA={transA} transB={transB} threads={threads} private={privatePacking}";
                var actual = GemmTestData.Filled(m * n, float.NaN);
                MatMulExact.Gemm(transA, transB, m, n, k, a, b, default, actual, threads, privatePacking);
                AssertBitIdentical(expected, actual, what);
                actual = GemmTestData.Filled(m * n, float.NaN);
                MatMulExact.Gemm(transA, transB, m, n, k, a, b, bias, actual, threads, privatePacking);
                AssertBitIdentical(withBias, actual, what + " with bias");
            }
    }

    [Fact]
    public void EachTierRunsItsOwnTile()
    {
        Assert.Equal(MatMulExact.TileForm.Vector512Tile, MatMulExact.FormOf(IsaTier.Vector512));
        Assert.Equal(MatMulExact.TileForm.Vector128Tile, MatMulExact.FormOf(IsaTier.Vector128));
        Assert.Null(MatMulExact.FormOf(IsaTier.Scalar));
        bool avx2 = System.Runtime.Intrinsics.X86.Fma.IsSupported && System.Runtime.Intrinsics.X86.Avx2.IsSupported;
        Assert.Equal(avx2 ? MatMulExact.TileForm.Avx4x8 : null, MatMulExact.FormOf(IsaTier.Vector256));
    }

    [Fact]
    public void SteadyStateCallsAllocateNothing()
    {
        var (a, b) = Operands(128, 784, 128, seed: 2, wide: false);
        var c = new float[128 * 784];
        var calls = Calls();
        SteadyState.AssertAllocatesNothing(() =>
        {
            foreach (var (m, k, n, transA, transB) in calls)
                MatMulExact.Gemm(transA, transB, m, n, k, a, b, c, threads: 1);
        }, "MatMulExact.Gemm", calls: 1);

        static (int, int, int, bool, bool)[] Calls() =>
            [(128, 784, 128, false, false), (784, 128, 128, true, false), (128, 128, 784, false, true), (128, 128, 10, false, false)];
    }

    [Fact]
    public void ShortBuffersAreRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => MatMulExact.Gemm(false, false, 3, 4, 5, new float[15], new float[19], new float[12], 1));
        Assert.Contains("m=3, n=4, k=5", ex.Message);
    }

    [Fact]
    public void EmptyDepthGivesZeros()
    {
        var c = GemmTestData.Filled(6, float.NaN);
        MatMulExact.Gemm(false, false, 2, 3, 0, [], [], c, 1);
        Assert.All(c, v => Assert.Equal(0f, v));
    }

    // Which NaN an operation with NaN operands returns is the processor's choice: on ARM64 the vector FMA (operand
    // order of FMLA) and the scalar multiply-then-add of the reference can pass on different NaNs, so there a NaN only
    // has to be a NaN; on x86 every bit, NaNs included, must match.
    private static readonly bool s_nanBitsAreHardwareDefined =
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is not (System.Runtime.InteropServices.Architecture.X64 or System.Runtime.InteropServices.Architecture.X86);

    private static void AssertBitIdentical(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i])
                && !(s_nanBitsAreHardwareDefined && float.IsNaN(expected[i]) && float.IsNaN(actual[i])))
                Assert.Fail($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (bit for bit)");
    }

    /// <summary>Random operands; <paramref name="wide"/> spreads the exponents over 2⁻²⁰ … 2²⁰ so that double sums round.</summary>
    private static (float[] A, float[] B) Operands(int m, int k, int n, int seed, bool wide)
    {
        var random = new Random(seed);
        float Next() => (float)((random.NextDouble() * 2 - 1) * (wide ? Math.Pow(2, random.Next(-20, 21)) : 1));
        var a = new float[m * k];
        var b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = Next();
        for (int i = 0; i < b.Length; i++) b[i] = Next();
        return (a, b);
    }
}
