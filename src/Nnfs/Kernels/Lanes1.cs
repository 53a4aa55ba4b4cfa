using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// The scalar tier's one lane: see <see cref="ILanes{TSelf}"/>. Masks are floats whose bits are all ones (a NaN) or
/// zero, combined bitwise, so a kernel gives the same bits here as in a vector tier.
/// </summary>
internal readonly unsafe struct Lanes1(float value) : ILanes<Lanes1>
{
    /// <summary>The lane.</summary>
    public readonly float V = value;

    public static int Count => 1;

    private static Lanes1 Bits(int bits) => new(BitConverter.Int32BitsToSingle(bits));
    private static int BitsOf(Lanes1 x) => BitConverter.SingleToInt32Bits(x.V);
    private static Lanes1 Mask(bool condition) => Bits(condition ? -1 : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Create(float value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Load(float* p) => new(*p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Lanes1 value) => *p = value.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 operator +(Lanes1 a, Lanes1 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 operator -(Lanes1 a, Lanes1 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 operator *(Lanes1 a, Lanes1 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 operator /(Lanes1 a, Lanes1 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 operator &(Lanes1 a, Lanes1 b) => Bits(BitsOf(a) & BitsOf(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 operator |(Lanes1 a, Lanes1 b) => Bits(BitsOf(a) | BitsOf(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 operator ^(Lanes1 a, Lanes1 b) => Bits(BitsOf(a) ^ BitsOf(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 MultiplyAdd(Lanes1 a, Lanes1 b, Lanes1 c) => new(MathF.FusedMultiplyAdd(a.V, b.V, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Sqrt(Lanes1 x) => new(MathF.Sqrt(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Abs(Lanes1 x) => Bits(BitsOf(x) & int.MaxValue);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Min(Lanes1 a, Lanes1 b) => new(MathF.Min(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Max(Lanes1 a, Lanes1 b) => new(MathF.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Round(Lanes1 x) => new(MathF.Round(x.V, MidpointRounding.ToEven));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Equal(Lanes1 a, Lanes1 b) => Mask(a.V == b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 LessThan(Lanes1 a, Lanes1 b) => Mask(a.V < b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 LessThanOrEqual(Lanes1 a, Lanes1 b) => Mask(a.V <= b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 GreaterThan(Lanes1 a, Lanes1 b) => Mask(a.V > b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Not(Lanes1 x) => Bits(~BitsOf(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 AndNot(Lanes1 a, Lanes1 b) => Bits(BitsOf(a) & ~BitsOf(b));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Select(Lanes1 mask, Lanes1 whenTrue, Lanes1 whenFalse) =>
        Bits((BitsOf(mask) & BitsOf(whenTrue)) | (~BitsOf(mask) & BitsOf(whenFalse)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes1 x) => x.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 Pow2(Lanes1 n) => Bits(((int)n.V + 127) << 23);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 ExponentField(Lanes1 x) => new(BitsOf(x) >> 23);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes1 MantissaOfHalf(Lanes1 x) => Bits((BitsOf(x) & 0x007FFFFF) | 0x3F000000);
}
