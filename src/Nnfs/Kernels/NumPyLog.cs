using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// NumPy's float32 <c>np.log</c> as the book's numbers were computed (NNFS-SPEC §0 "libm environment"): glibc's
/// <c>logf</c>, reproduced bit for bit.
/// </summary>
/// <remarks>
/// glibc's <c>logf</c> is not correctly rounded: about 1 in 100 arguments near 1 (the confidences a trained classifier
/// takes the log of) come out one ulp away from <c>(float)Math.Log(x)</c>. Its method, evaluated in double: write
/// <c>x = 2^k·z</c> with z in [0.7, 1.4); pick one of 16 sub-intervals of z from the top mantissa bits, whose centre c
/// comes with a stored <c>1/c</c> and <c>log c</c>; then with <c>r = z·(1/c) − 1</c>,
/// <c>log x = k·ln 2 + log c + r + r²·(a₂ + a₁·r + a₀·r²)</c>, rounded once to float32.
/// Special cases: log 1 = +0, log ±0 = −∞, log +∞ = +∞, NaN and negative arguments give NaN; subnormals are scaled by
/// 2²³ first. The 16 pairs and the polynomial are glibc's data (read from its <c>libm.so.6</c>, which NumPy calls);
/// checked against NumPy 1.24.2 on 200,000 arguments (Golden/numpy_log).
/// </remarks>
internal static class NumPyLog
{
    private const int TableBits = 4;
    private const int N = 1 << TableBits;
    private const uint Off = 0x3f330000;

    private static readonly double s_ln2 = D(0x3fe62e42fefa39ef);
    private static readonly double s_a0 = D(0xbfd00ea348b88334);
    private static readonly double s_a1 = D(0x3fd5575b0be00b6a);
    private static readonly double s_a2 = D(0xbfdffffef20a4123);

    // (1/c, log c) for each sub-interval, as IEEE double bits.
    private static readonly (double InvC, double LogC)[] s_table =
    [
        (D(0x3ff661ec79f8f3be), D(0xbfd57bf7808caade)),
        (D(0x3ff571ed4aaf883d), D(0xbfd2bef0a7c06ddb)),
        (D(0x3ff49539f0f010b0), D(0xbfd01eae7f513a67)),
        (D(0x3ff3c995b0b80385), D(0xbfcb31d8a68224e9)),
        (D(0x3ff30d190c8864a5), D(0xbfc6574f0ac07758)),
        (D(0x3ff25e227b0b8ea0), D(0xbfc1aa2bc79c8100)),
        (D(0x3ff1bb4a4a1a343f), D(0xbfba4e76ce8c0e5e)),
        (D(0x3ff12358f08ae5ba), D(0xbfb1973c5a611ccc)),
        (D(0x3ff0953f419900a7), D(0xbfa252f438e10c1e)),
        (D(0x3ff0000000000000), D(0x0000000000000000)),
        (D(0x3fee608cfd9a47ac), D(0x3faaa5aa5df25984)),
        (D(0x3feca4b31f026aa0), D(0x3fbc5e53aa362eb4)),
        (D(0x3feb2036576afce6), D(0x3fc526e57720db08)),
        (D(0x3fe9c2d163a1aa2d), D(0x3fcbc2860d224770)),
        (D(0x3fe886e6037841ed), D(0x3fd1058bc8a07ee1)),
        (D(0x3fe767dcf5534862), D(0x3fd4043057b6ee09)),
    ];

    /// <summary><c>logf(x)</c> as glibc computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log(float x)
    {
        uint ix = BitConverter.SingleToUInt32Bits(x);
        if (ix == 0x3f800000u) return 0f;
        if (ix - 0x00800000u >= 0x7f800000u - 0x00800000u)
        {
            // Zero, subnormal, negative, infinite or NaN.
            if (ix * 2 == 0) return float.NegativeInfinity;
            if (ix == 0x7f800000u) return x;
            if ((ix & 0x80000000u) != 0 || ix * 2 >= 0xff000000u) return float.NaN;
            ix = BitConverter.SingleToUInt32Bits(x * 8388608f) - (23u << 23);
        }
        uint tmp = ix - Off;
        int i = (int)((tmp >> (23 - TableBits)) % N);
        int k = (int)tmp >> 23;
        uint iz = ix - (tmp & 0xff800000u);
        var (invC, logC) = s_table[i];
        double z = BitConverter.UInt32BitsToSingle(iz);
        double r = z * invC - 1;
        double y0 = logC + k * s_ln2;
        double r2 = r * r;
        double y = s_a1 * r + s_a2;
        y = s_a0 * r2 + y;
        y = y * r2 + (y0 + r);
        return (float)y;
    }

    private static double D(ulong bits) => BitConverter.UInt64BitsToDouble(bits);
}
