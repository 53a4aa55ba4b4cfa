using System.Numerics;
using Nnfs.Kernels;
using Xunit.Abstractions;

namespace Nnfs.Tests.Kernels;

/// <summary>The managed <c>expf</c> against the machine's glibc, and its table and special cases on their own.</summary>
public unsafe class GlibcExpfTests(ITestOutputHelper output)
{
    private static readonly delegate*<float, float> Managed = &GlibcExpf.Exp;

    // Every float near the cut-offs (|x| from 88 to 104 covers 88.72, −103.28, −103.97 and glibc's |x| ≥ 88 test),
    // every float around ±2⁻²⁵ (results 1 and its neighbours), and a broad sample.
    // With NNFS_EXHAUSTIVE=1 every one of the 2³² bit patterns is compared instead (a few minutes).
    [SkippableFact]
    public void EqualsGlibcOnALargeSample() =>
        GlibcComparison.AssertEqualsGlibc("expf", Managed, GlibcReference.Expf, [(0x42b00000, 0x42d00000, 1), (0xc2b00000, 0xc2d00000, 1), (0x32f00000, 0x33100000, 1), (0xb2f00000, 0xb3100000, 1)], output);

    // Entry i plus i·2⁴⁷ must be 2^(i/32) rounded to the nearest double d = m·2ᵉ, i.e. (m − ½)³² < 2^(i − 32e) < (m + ½)³²
    // in exact integer arithmetic (no tie is possible: 2^(i/32) is irrational for 0 < i < 32).
    [Fact]
    public void TableHoldsTwoToTheIOver32RoundedToNearest()
    {
        var table = GlibcExpf.Table;
        Assert.Equal(32, table.Length);
        for (int i = 0; i < 32; i++)
        {
            ulong bits = table[i] + ((ulong)i << 47);
            long mantissa = (long)(bits & ((1UL << 52) - 1)) | (1L << 52);
            int exponent = (int)(bits >> 52) - 1023 - 52;
            // (2m ± 1)³² compared with 2^(i − 32e + 32), all integers since e ≤ −52.
            var power = BigInteger.Pow(2, i - 32 * exponent + 32);
            Assert.True(BigInteger.Pow(2 * mantissa - 1, 32) < power, $"entry {i} is too large");
            Assert.True(BigInteger.Pow(2 * mantissa + 1, 32) > power, $"entry {i} is too small");
        }
    }

    // Expected bits: glibc 2.36's expf (x86-64), printed by a C program.
    [Theory]
    [InlineData(0x00000000u, 0x3f800000u)] // exp(0) = 1
    [InlineData(0x80000000u, 0x3f800000u)]
    [InlineData(0xff800000u, 0x00000000u)] // exp(−∞) = +0
    [InlineData(0x7f800000u, 0x7f800000u)] // exp(+∞) = +∞
    [InlineData(0x42b17217u, 0x7f7fff84u)] // 88.72283 (the overflow cut-off itself): finite
    [InlineData(0x42b17218u, 0x7f800000u)] // the next float overflows to +∞
    [InlineData(0xc2cff1b4u, 0x00000001u)] // −103.97207 (the underflow cut-off itself): the smallest subnormal
    [InlineData(0xc2cff1b5u, 0x00000000u)] // the next float down: +0
    [InlineData(0xc2ce8ecfu, 0x00000001u)] // −103.27892 (the other cut-off), through the polynomial
    [InlineData(0xc2ce8ed0u, 0x00000001u)] // the next float down, through glibc's "may underflow" branch
    [InlineData(0x4202422fu, 0x56fc9f1cu)] // 32.564632: the FMA build's result (the SSE2 build gives 0x56fc9f1b)
    [InlineData(0xc27c65d9u, 0x11fa2993u)] // −63.099461: likewise (SSE2: 0x11fa2992); docs/numerics.md
    public void SpecialCasesFollowGlibc(uint x, uint expected) =>
        Assert.Equal(expected, BitConverter.SingleToUInt32Bits(GlibcExpf.Exp(BitConverter.UInt32BitsToSingle(x))));

    [Fact]
    public void NaNGivesNaN()
    {
        Assert.True(float.IsNaN(GlibcExpf.Exp(float.NaN)));
        Assert.True(float.IsNaN(GlibcExpf.Exp(BitConverter.UInt32BitsToSingle(0x7f800001))));
    }

    // Independent of glibc: glibc's expf is within 0.502 ulp, so never more than one ulp from the correctly rounded value.
    [Fact]
    public void IsWithinOneUlpOfTheCorrectlyRoundedValue()
    {
        for (uint bits = 0; bits < 0xff800000u; bits += 4099)
        {
            float x = BitConverter.UInt32BitsToSingle(bits);
            if (!float.IsFinite(x)) continue;
            int actual = BitConverter.SingleToInt32Bits(GlibcExpf.Exp(x)), rounded = BitConverter.SingleToInt32Bits((float)Math.Exp(x));
            Assert.True(Math.Abs(actual - rounded) <= 1, $"expf({x:R}) = {BitConverter.Int32BitsToSingle(actual):R}, e^x ≈ {Math.Exp(x):R}");
        }
    }
}
