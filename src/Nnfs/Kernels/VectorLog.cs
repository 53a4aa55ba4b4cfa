using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>
/// A small vectorised natural logarithm for the fast path's losses: eight floats at a time, Cephes' <c>logf</c>
/// reduction and polynomial.
/// </summary>
/// <remarks>
/// <para><c>x = m·2ᵉ</c> with <c>m ∈ [√½, √2)</c>, <c>f = m − 1</c>,
/// <c>log x = f − f²/2 + f³·P(f) + e·ln 2</c> (ln 2 split in two, C₁ exact in few bits). Relative error within a
/// few units in the last place (tested against double <c>Math.Log</c>). <c>log 0 = −∞</c>, <c>log(+∞) = +∞</c>,
/// negative inputs and NaN give NaN; subnormal inputs are scaled by 2²³ first.</para>
/// <para>Why not <c>TensorPrimitives.Log</c>: the first call compiles tens of milliseconds of generic code (see
/// <see cref="VectorExp"/>).</para>
/// </remarks>
internal static class VectorLog
{
    private const float SqrtHalf = 0.707106781186547524f;
    private const float C1 = 0.693359375f;
    private const float C2 = -2.12194440e-4f;

    /// <summary><c>destination[i] = log(x[i])</c>; the spans may be the same.</summary>
    public static void Log(ReadOnlySpan<float> x, Span<float> destination)
    {
        if (destination.Length < x.Length)
            throw new ArgumentException($"log: destination of {destination.Length} values is shorter than the {x.Length} inputs.", nameof(destination));
        if (!Avx2.IsSupported)
        {
            for (int k = 0; k < x.Length; k++) destination[k] = MathF.Log(x[k]);
            return;
        }
        Vector8Map.Apply<Function>(x, destination, 1f);
    }

    private readonly struct Function : IVector8Function
    {
        public static Vector256<float> Apply(Vector256<float> x) => Log8(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Log8(Vector256<float> x)
    {
        var subnormal = Vector256.LessThan(x, Vector256.Create(1.17549435e-38f));
        var v = Vector256.ConditionalSelect(subnormal, x * Vector256.Create(8388608f), x);
        var bits = v.AsInt32();
        var e = Vector256.ConvertToSingle(Avx2.ShiftRightArithmetic(bits, 23) - Vector256.Create(126));
        e = Vector256.ConditionalSelect(subnormal, e - Vector256.Create(23f), e);
        // m in [0.5, 1): the exponent bits of 0.5 with x's mantissa.
        var m = ((bits & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F000000)).AsSingle();
        var small = Vector256.LessThan(m, Vector256.Create(SqrtHalf));
        e = Vector256.ConditionalSelect(small, e - Vector256<float>.One, e);
        var f = Vector256.ConditionalSelect(small, m + m, m) - Vector256<float>.One;
        var z = f * f;
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(7.0376836292e-2f), f, Vector256.Create(-1.1514610310e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1.1676998740e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-1.2420140846e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(1.4249322787e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-1.6668057665e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(2.0000714765e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(-2.4999993993e-1f));
        p = Vector256.FusedMultiplyAdd(p, f, Vector256.Create(3.3333331174e-1f));
        var y = p * f * z;
        y = Vector256.FusedMultiplyAdd(e, Vector256.Create(C2), y);
        y = Vector256.FusedMultiplyAdd(z, Vector256.Create(-0.5f), y);
        var result = Vector256.FusedMultiplyAdd(e, Vector256.Create(C1), f + y);
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256<float>.Zero), Vector256.Create(float.NegativeInfinity), result);
        result = Vector256.ConditionalSelect(Vector256.Equals(x, Vector256.Create(float.PositiveInfinity)), x, result);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero) | ~Vector256.Equals(x, x),
            Vector256.Create(float.NaN), result);
    }
}
