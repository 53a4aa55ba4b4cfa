using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

/// <summary>
/// B packed once (<see cref="PrepackedOperand"/>) against the product that packs it on every call: the layout (32-column
/// panels, a last panel of at most 16 columns 16 wide, zero padding), the same bits in every tier (forced, emulated
/// where the processor lacks it) at shapes with ragged last slivers and row tails, on 1 and 2 threads, and the packed
/// values really read (a wrong plain B beside the right packed one changes nothing where the panel path packs B).
/// </summary>
public unsafe class PrepackedOperandTests
{
    private static readonly IsaTier[] AllTiers = [.. GemmTestData.VectorTiers, IsaTier.Scalar];

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 16)]
    [InlineData(5, 17)]
    [InlineData(7, 32)]
    [InlineData(4, 47)]
    [InlineData(2, 70)]
    public void PanelsHoldBsColumnsThirtyTwoAtATimeZeroPadded(int k, int n)
    {
        var b = GemmTestData.Uniform(k * n, 0, seed: k * 100 + n).A;
        var packed = new PrepackedOperand(b, k, n);
        Assert.Equal(0, (nint)packed.Data % 64);
        for (int q = 0; q * 32 < n; q++)
        {
            int cols = Math.Min(32, n - q * 32), w = cols > 16 ? 32 : 16;
            float* panel = packed.Data + q * k * 32;
            for (int p = 0; p < k; p++)
                for (int j = 0; j < w; j++)
                    Assert.Equal(j < cols ? b[p * n + q * 32 + j] : 0f, panel[p * w + j]);
        }
        packed.KeepAlive();
    }

    public static IEnumerable<object[]> Shapes()
    {
        // m: row tails of both tile heights (6, 12), one sliver (read in place); n: ragged and narrow last slivers of
        // 16- and 32-column tiles; k: short, odd, beyond one 256-deep block.
        var shapes = new (int M, int N, int K)[]
        {
            (13, 16, 5), (37, 17, 9), (25, 40, 130), (7, 47, 33), (128, 70, 300), (61, 128, 64), (12, 24, 20),
        };
        foreach (var tier in AllTiers)
            foreach (var (m, n, k) in shapes)
                foreach (int threads in new[] { 1, 2 })
                    yield return [tier, m, n, k, threads];
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TheProductWithPackedBHasTheBitsOfThePackingProduct(IsaTier tier, int m, int n, int k, int threads)
    {
        using var _ = Engine.UseTier(tier);
        var (a, b) = GemmTestData.Uniform(m * k, k * n, seed: m + 7 * n + 31 * k);
        var bias = GemmTestData.Uniform(n, 0, seed: n).A;
        var expected = GemmTestData.Filled(m * n, float.NaN);
        MatMulFast.Gemm(false, false, m, n, k, a, b, bias, expected, threads);
        var actual = GemmTestData.Filled(m * n, float.NaN);
        MatMulFast.Gemm(m, n, k, a, b, new PrepackedOperand(b, k, n), bias, actual, threads);
        Assert.Equal(Bits(expected), Bits(actual));
    }

    // Where the panel path packs B (more than one row sliver, op(A) in L2), the packed copy is what the kernels read:
    // a plain B of NaN beside it leaves the result that of the right B.
    [Theory]
    [InlineData(IsaTier.Vector512, 37, 70, 130)]
    [InlineData(IsaTier.Vector256, 37, 70, 130)]
    [InlineData(IsaTier.Vector128, 13, 47, 9)]
    [InlineData(IsaTier.Scalar, 13, 40, 300)]
    public void ThePanelPathReadsThePackedCopy(IsaTier tier, int m, int n, int k)
    {
        using var _ = Engine.UseTier(tier);
        var (a, b) = GemmTestData.Uniform(m * k, k * n, seed: 3);
        var expected = new float[m * n];
        MatMulFast.Gemm(false, false, m, n, k, a, b, expected, 1);
        var actual = new float[m * n];
        MatMulFast.Gemm(m, n, k, a, GemmTestData.Filled(k * n, float.NaN), new PrepackedOperand(b, k, n), default, actual, 1);
        Assert.Equal(Bits(expected), Bits(actual));
    }

    [Fact]
    public void BadShapesAreRefused()
    {
        var b = new float[12];
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrepackedOperand(b, 0, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrepackedOperand(b, 12, 0));
        var wrongLength = Assert.Throws<ArgumentException>(() => new PrepackedOperand(b, 5, 3));
        Assert.Contains("5×3", wrongLength.Message);
        var packed = new PrepackedOperand(b, 3, 4);
        var mismatch = Assert.Throws<ArgumentException>(() => MatMulFast.Gemm(2, 3, 4, new float[8], new float[12], packed, default, new float[6], 1));
        Assert.Contains("3×4", mismatch.Message);
    }

    [Theory]
    [InlineData(784, 128, true)]
    [InlineData(128, 10, false)]
    [InlineData(128, 24, true)]
    [InlineData(4, 128, false)]
    [InlineData(128, 4, false)]
    [InlineData(64, 8, true)]
    public void PacksOnlyWhereAProductCanReadIt(int k, int n, bool pays) => Assert.Equal(pays, PrepackedOperand.Pays(k, n));
}
