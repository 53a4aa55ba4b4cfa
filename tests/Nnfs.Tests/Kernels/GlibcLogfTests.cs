using Nnfs.Kernels;
using Xunit.Abstractions;

namespace Nnfs.Tests.Kernels;

/// <summary>The managed <c>logf</c> against the machine's glibc, and its table and special cases on their own.</summary>
public unsafe class GlibcLogfTests(ITestOutputHelper output)
{
    private static readonly delegate*<float, float> Managed = &GlibcLogf.Log;

    // The subnormals (glibc rescales them; every 8th), every float in [0.5, 2) a stride of 3 apart (all 16
    // subintervals), every float in [1 − 2⁻⁸, 1 + 2⁻⁷) (around 1 the result is smallest and the rounding most
    // delicate), and a broad sample.
    // With NNFS_EXHAUSTIVE=1 every one of the 2³² bit patterns is compared instead (a few minutes).
    [SkippableFact]
    public void EqualsGlibcOnALargeSample() =>
        GlibcComparison.AssertEqualsGlibc("logf", Managed, GlibcReference.Logf, [(0x00000000, 0x007fffff, 8), (0x3f000000, 0x3fffffff, 3), (0x3f7f0000, 0x3f810000, 1)], output);

    // Subinterval i holds the bit patterns 0x3f330000 + i·2¹⁹ up to the next; its centre c = 1/invc must lie in it and
    // log c must be −log(invc) (to an ulp: Math.Log is not correctly rounded everywhere).
    [Fact]
    public void TableHoldsACentreAndItsLogForEachSubinterval()
    {
        Assert.Equal(16, GlibcLogf.InverseCentre.Length);
        Assert.Equal(16, GlibcLogf.LogCentre.Length);
        for (int i = 0; i < 16; i++)
        {
            double c = 1 / GlibcLogf.InverseCentre[i];
            float low = BitConverter.UInt32BitsToSingle(0x3f330000u + ((uint)i << 19));
            float high = BitConverter.UInt32BitsToSingle(0x3f330000u + ((uint)(i + 1) << 19));
            Assert.True(low <= c && c < high, $"centre {i} ({c:R}) is outside [{low:R}, {high:R})");
            double log = -Math.Log(GlibcLogf.InverseCentre[i]), stored = GlibcLogf.LogCentre[i];
            Assert.True(Math.Abs(log - stored) <= Math.BitIncrement(Math.Abs(stored)) - Math.Abs(stored), $"log of centre {i}: {stored:R}, expected {log:R}");
        }
    }

    // Expected bits: glibc 2.36's logf (x86-64), printed by a C program.
    [Theory]
    [InlineData(0x3f800000u, 0x00000000u)] // log 1 = +0
    [InlineData(0x00000000u, 0xff800000u)] // log ±0 = −∞
    [InlineData(0x80000000u, 0xff800000u)]
    [InlineData(0x7f800000u, 0x7f800000u)] // log +∞ = +∞
    [InlineData(0x00000001u, 0xc2ce8ed0u)] // the smallest subnormal: −103.27893
    [InlineData(0x007fffffu, 0xc2aeac50u)] // the largest subnormal
    [InlineData(0x00800000u, 0xc2aeac50u)] // the smallest normal
    [InlineData(0x7f7fffffu, 0x42b17218u)] // the largest float
    [InlineData(0x3f7fffffu, 0xb3800000u)] // 1 − 2⁻²⁴
    [InlineData(0x3f800001u, 0x33ffffffu)] // 1 + 2⁻²³
    [InlineData(0x40000000u, 0x3f317218u)] // log 2
    public void SpecialCasesFollowGlibc(uint x, uint expected) =>
        Assert.Equal(expected, BitConverter.SingleToUInt32Bits(GlibcLogf.Log(BitConverter.UInt32BitsToSingle(x))));

    [Theory]
    [InlineData(0xbf800000u)] // −1
    [InlineData(0xff800000u)] // −∞
    [InlineData(0x80000001u)] // a negative subnormal
    [InlineData(0x7fc00000u)] // NaN
    [InlineData(0xffc12345u)] // NaN with a payload
    public void NegativeOrNaNGivesNaN(uint x) => Assert.True(float.IsNaN(GlibcLogf.Log(BitConverter.UInt32BitsToSingle(x))));

    // Independent of glibc: glibc's logf is within 0.82 ulp, so never more than one ulp from the correctly rounded value.
    [Fact]
    public void IsWithinOneUlpOfTheCorrectlyRoundedValue()
    {
        for (uint bits = 1; bits < 0x7f800000u; bits += 2053)
        {
            float x = BitConverter.UInt32BitsToSingle(bits);
            float actual = GlibcLogf.Log(x), rounded = (float)Math.Log(x);
            bool adjacent = actual == rounded || actual == MathF.BitIncrement(rounded) || actual == MathF.BitDecrement(rounded);
            Assert.True(adjacent, $"logf({x:R}) = {actual:R}, log x ≈ {Math.Log(x):R}");
        }
    }
}
