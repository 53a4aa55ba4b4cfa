using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// glibc's float32 <c>logf</c> (2.28 and later, x86-64 FMA build) in managed code: the same result bit for bit for
/// every float32 argument (docs/numerics.md, "exp and log").
/// </summary>
/// <remarks>
/// The published algorithm (Szabolcs Nagy's, in Arm's optimized-routines and glibc): write x = 2ᵏ·z with z in
/// [0x3f330000, 2·0x3f330000) as bit patterns (about [0.7, 1.4)); the top four mantissa bits of z pick one of 16
/// subintervals with a centre c, stored as 1/c and log c. Then <c>log x = log1p(z/c − 1) + log c + k·ln 2</c>, with
/// r = z·(1/c) − 1 and log1p(r) ≈ r + A₂r² + A₁r³ + A₀r⁴, all in double, rounded to float once at the end. The FMA
/// build contracts five multiply-adds into fused operations; they are written as
/// <see cref="Math.FusedMultiplyAdd(double, double, double)"/> here.
/// </remarks>
internal static class GlibcLogf
{
    private const uint Offset = 0x3f330000;
    private const double Ln2 = 0.6931471805599453;        // 0x1.62e42fefa39efp-1
    private const double A0 = -0.25089342214237154;       // −0x1.00ea348b88334p-2
    private const double A1 = 0.333456765744066;          // 0x1.5575b0be00b6ap-2
    private const double A2 = -0.4999997485802103;        // −0x1.ffffef20a4123p-2

    /// <summary>1/c for each subinterval (the published values).</summary>
    internal static ReadOnlySpan<double> InverseCentre =>
    [
        1.398907162146528, 1.3403141896637998, 1.286432210124115, 1.2367150214269895,
        1.1906977166711752, 1.1479821020556429, 1.1082251448272158, 1.0711297413057381,
        1.036437278977283, 1.0, 0.9492859795739057, 0.8951049428609004,
        0.8476821620351103, 0.8050314851692001, 0.7664671008843108, 0.731428603316328,
    ];

    /// <summary>log c for each subinterval (the published values).</summary>
    internal static ReadOnlySpan<double> LogCentre =>
    [
        -0.33569133332882284, -0.2929040563774074, -0.2518726580937369, -0.21245868807117255,
        -0.17453945183745634, -0.1380057072319758, -0.10275976698545139, -0.06871392447020525,
        -0.0357891387398228, 0.0, 0.05204517742929496, 0.11081431298787942,
        0.1652495223695143, 0.21687389031699977, 0.2659635028121397, 0.3127556664073557,
    ];

    /// <summary><c>logf(x)</c> as glibc computes it.</summary>
    /// <remarks>log 1 = +0; ±0 gives −∞, +∞ gives +∞; a negative x or NaN gives NaN; subnormals are scaled by 2²³
    /// first, as glibc does.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Log(float x)
    {
        uint ix = BitConverter.SingleToUInt32Bits(x);
        if (ix - 0x00800000u >= 0x7f800000u - 0x00800000u) // not a positive normal number
        {
            if (!Normalize(x, ref ix, out float special)) return special;
        }
        else if (ix == 0x3f800000u)
            return 0f;

        uint tmp = ix - Offset;
        int i = (int)((tmp >> 19) & 15);
        int k = (int)tmp >> 23;
        double z = BitConverter.UInt32BitsToSingle(ix - (tmp & 0xff800000u));
        double r = Math.FusedMultiplyAdd(z, InverseCentre[i], -1.0);
        double y0 = Math.FusedMultiplyAdd(k, Ln2, LogCentre[i]);
        double r2 = r * r;
        double y = Math.FusedMultiplyAdd(A1, r, A2);
        y = Math.FusedMultiplyAdd(A0, r2, y);
        return (float)Math.FusedMultiplyAdd(y, r2, y0 + r);
    }

    // A subnormal becomes a normal bit pattern with its exponent 23 too high (true); anything else is answered.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Normalize(float x, ref uint ix, out float special)
    {
        special = 0f;
        if (ix << 1 == 0) special = float.NegativeInfinity;
        else if (ix == 0x7f800000u) special = x;
        else if ((ix & 0x80000000u) != 0 || ix << 1 >= 0xff000000u) special = (x - x) / (x - x);
        else
        {
            ix = BitConverter.SingleToUInt32Bits(x * 8388608f) - (23u << 23);
            return true;
        }
        return false;
    }
}
