using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// glibc's float32 <c>expf</c> (2.28 and later, x86-64 FMA build) in managed code: the same result bit for bit for
/// every float32 argument (docs/numerics.md, "exp and log").
/// </summary>
/// <remarks>
/// The published algorithm (Szabolcs Nagy's, in Arm's optimized-routines and glibc): with N = 32,
/// <c>x·N/ln 2 = k + r</c> with integer k and |r| ≤ 1/2, so <c>eˣ = 2^(k/N) · 2^(r/N)</c>. 2^(k/N) is a table entry
/// for <c>k mod N</c> with <c>k div N</c> added to its exponent field; 2^(r/N) is a cubic in r. Everything runs in
/// double and is rounded to float once at the end. Rounding z = x·N/ln 2 to an integer is done by adding
/// 1.5·2⁵²: the sum's low bits are k. The FMA build fuses the two steps of the reduction and the three
/// multiply-adds of the polynomial; here they are <see cref="Math.FusedMultiplyAdd(double, double, double)"/>, which
/// rounds once on every platform (a hardware instruction where there is one).
/// </remarks>
internal static class GlibcExpf
{
    private const double InvLn2TimesN = 46.16624130844683;   // 0x1.71547652b82fep+0 · 32
    private const double Shift = 6755399441055744.0;         // 0x1.8p52
    private const double C0 = 1.6938359250920212e-06;        // 0x1.c6af84b912394p-5 / 32³
    private const double C1 = 0.00023459809789509004;        // 0x1.ebfce50fac4f3p-3 / 32²
    private const double C2 = 0.021660849396613134;          // 0x1.62e42ff0c52d6p-1 / 32
    private const float OverflowAbove = 88.72283172607422f;      // 0x1.62e42ep6f, just above ln(2¹²⁸)
    private const float ZeroBelow = -103.97207641601562f;        // −0x1.9fe368p6f, just below ln(2⁻¹⁵⁰)
    private const float SmallestSubnormalBelow = -103.27892303466797f; // −0x1.9d1d9ep6f, just below ln(2⁻¹⁴⁹)

    /// <summary>The published table: the bits of 2^(i/32) minus i·2⁴⁷, so that adding k·2⁴⁷ (k = 32·q + i) to
    /// entry i gives the bits of 2^(k/32) (q lands in the exponent field).</summary>
    internal static ReadOnlySpan<ulong> Table =>
    [
        0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
        0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
        0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
        0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
        0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
        0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
        0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
        0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
    ];

    /// <summary><c>expf(x)</c> as glibc computes it.</summary>
    /// <remarks>NaN gives NaN (<c>x + x</c>), −∞ gives 0, +∞ and x &gt; 0x1.62e42ep6 give +∞, x below −0x1.9fe368p6
    /// gives 0 and x below −0x1.9d1d9ep6 the smallest subnormal, as glibc's special cases do.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        if (!(x >= SmallestSubnormalBelow && x <= OverflowAbove)) return OutOfRange(x);
        double xd = x;
        double shifted = Math.FusedMultiplyAdd(InvLn2TimesN, xd, Shift);
        ulong ki = BitConverter.DoubleToUInt64Bits(shifted);
        double kd = shifted - Shift;
        double r = Math.FusedMultiplyAdd(InvLn2TimesN, xd, -kd);
        double scale = BitConverter.UInt64BitsToDouble(Table[(int)(ki & 31)] + (ki << 47));
        double high = Math.FusedMultiplyAdd(C0, r, C1);
        double low = Math.FusedMultiplyAdd(C2, r, 1.0);
        double poly = Math.FusedMultiplyAdd(high, r * r, low);
        return (float)(poly * scale);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float OutOfRange(float x)
    {
        if (float.IsNegativeInfinity(x)) return 0f;
        if (!float.IsFinite(x)) return x + x;
        if (x > OverflowAbove) return float.PositiveInfinity;
        if (x < ZeroBelow) return 0f;
        return float.Epsilon; // glibc's 0x1.4p-75f · 0x1.4p-75f, which rounds to 2⁻¹⁴⁹
    }
}
