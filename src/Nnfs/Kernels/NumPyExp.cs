using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// NumPy's float32 <c>np.exp</c> as the book's numbers were computed (NNFS-SPEC §0 "libm environment"): glibc's
/// <c>expf</c>, reproduced bit for bit.
/// </summary>
/// <remarks>
/// glibc's <c>expf</c> is not correctly rounded: about 6 in 10,000 random arguments come out one ulp away from
/// <c>(float)Math.Exp(x)</c>, enough to change a long training run. Its algorithm, evaluated in double:
/// <c>z = x·32/ln 2</c>, <c>k = round(z)</c>, <c>r = z − k</c>, <c>s = 2^(k/32)</c> from a 32-entry table of
/// <c>2^(i/32)</c> with the exponent added to its bits, then
/// <c>y = s·((c₀·r + c₁)·r² + (c₂·r + 1))</c> with a fixed degree-3 polynomial for <c>2^(r/32)</c>, rounded once to
/// float32. Special cases: −∞ → 0, +∞ → +∞, NaN → NaN, x &gt; 88.72283 → +∞, x &lt; −103.97208 → 0.
/// Checked against NumPy 1.24.2 on 200,000 arguments (Golden/numpy_exp).
/// </remarks>
internal static class NumPyExp
{
    private const int TableBits = 5;
    private const int N = 1 << TableBits;
    // The constants as hexadecimal doubles: 1/ln 2 = 0x1.71547652b82fep+0, shift 0x1.8p+52, and the polynomial
    // 0x1.c6af84b912394p-5, 0x1.ebfce50fac4f3p-3, 0x1.62e42ff0c52d6p-1 (scaled by powers of 1/32).
    private static readonly double s_invLn2N = D(0x3ff71547652b82fe) * N;
    private static readonly double s_shift = D(0x4338000000000000);
    private static readonly double s_c0 = D(0x3fac6af84b912394) / N / N / N;
    private static readonly double s_c1 = D(0x3fcebfce50fac4f3) / N / N;
    private static readonly double s_c2 = D(0x3fe62e42ff0c52d6) / N;
    private static readonly float s_overflow = BitConverter.UInt32BitsToSingle(0x42b17217);   // 88.72283
    private static readonly float s_underflow = BitConverter.UInt32BitsToSingle(0xc2cff1b4);  // -103.97208
    private static readonly ulong[] s_table = BuildTable();

    /// <summary><c>expf(x)</c> as glibc computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        uint bits = BitConverter.SingleToUInt32Bits(x);
        uint absTop = (bits >> 20) & 0x7ff;
        if (absTop >= 0x42b)  // |x| >= 88.0 (and infinities, NaN)
        {
            if (bits == 0xff800000u) return 0f;
            if (absTop >= 0x7f8) return x + x;
            if (x > s_overflow) return float.PositiveInfinity;
            if (x < s_underflow) return 0f;
        }
        double z = s_invLn2N * x;
        double kd = z + s_shift;
        ulong ki = BitConverter.DoubleToUInt64Bits(kd);
        kd -= s_shift;
        double r = z - kd;
        ulong t = s_table[ki % N] + (ki << (52 - TableBits));
        double s = BitConverter.UInt64BitsToDouble(t);
        double p = s_c0 * r + s_c1;
        double r2 = r * r;
        double y = s_c2 * r + 1;
        y = p * r2 + y;
        return (float)(y * s);
    }

    private static double D(ulong bits) => BitConverter.UInt64BitsToDouble(bits);

    /// <summary>Bits of <c>2^(i/32)</c> with <c>i·2^47</c> taken off, so that adding <c>k·2^47</c> scales by <c>2^(k/32 − i/32)</c>.</summary>
    private static ulong[] BuildTable()
    {
        var table = new ulong[N];
        for (int i = 0; i < N; i++)
            table[i] = BitConverter.DoubleToUInt64Bits(Math.Pow(2, i / (double)N)) - ((ulong)i << (52 - TableBits));
        return table;
    }
}
