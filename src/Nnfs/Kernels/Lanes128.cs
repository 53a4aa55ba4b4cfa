using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>The 128-bit tier's lanes (Vector128, 4 floats): see <see cref="ILanes{TSelf}"/>.</summary>
/// <remarks>Vectors are loaded and stored through the pointer: <c>Vector128.Load</c>/<c>Store</c> are calls in ReadyToRun
/// code (see <see cref="MatMulMicroKernel"/>).</remarks>
internal readonly unsafe struct Lanes128(Vector128<float> value) : ILanes<Lanes128>
{
    /// <summary>The lanes.</summary>
    public readonly Vector128<float> V = value;

    public static int Count => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Create(float value) => new(Vector128.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Load(float* p) => new(*(Vector128<float>*)p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Lanes128 value) => *(Vector128<float>*)p = value.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator +(Lanes128 a, Lanes128 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator -(Lanes128 a, Lanes128 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator *(Lanes128 a, Lanes128 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator /(Lanes128 a, Lanes128 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator &(Lanes128 a, Lanes128 b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator |(Lanes128 a, Lanes128 b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 operator ^(Lanes128 a, Lanes128 b) => new(a.V ^ b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 MultiplyAdd(Lanes128 a, Lanes128 b, Lanes128 c) => new(Vector128.FusedMultiplyAdd(a.V, b.V, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Sqrt(Lanes128 x) => new(Vector128.Sqrt(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Abs(Lanes128 x) => new(Vector128.Abs(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Min(Lanes128 a, Lanes128 b) => new(Vector128.Min(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Max(Lanes128 a, Lanes128 b) => new(Vector128.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Round(Lanes128 x) => new(Vector128.Round(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Equal(Lanes128 a, Lanes128 b) => new(Vector128.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 LessThan(Lanes128 a, Lanes128 b) => new(Vector128.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 LessThanOrEqual(Lanes128 a, Lanes128 b) => new(Vector128.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 GreaterThan(Lanes128 a, Lanes128 b) => new(Vector128.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Not(Lanes128 x) => new(~x.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 AndNot(Lanes128 a, Lanes128 b) => new(Vector128.AndNot(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128 Select(Lanes128 mask, Lanes128 whenTrue, Lanes128 whenFalse) => new(Vector128.ConditionalSelect(mask.V, whenTrue.V, whenFalse.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes128 x) => Vector128.Sum(x.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 Pow2(Lanes128 n)
    {
        var e = Vector128.ConvertToInt32(n.V) + Vector128.Create(127);
        // The SSE2 form where it exists, as in Lanes256: crossgen2 leaves the portable shift to the JIT.
        return new((Sse2.IsSupported ? Sse2.ShiftLeftLogical(e, 23) : Vector128.ShiftLeft(e, 23)).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 ExponentField(Lanes128 x) =>
        new(Vector128.ConvertToSingle(Sse2.IsSupported ? Sse2.ShiftRightArithmetic(x.V.AsInt32(), 23) : Vector128.ShiftRightArithmetic(x.V.AsInt32(), 23)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes128 MantissaOfHalf(Lanes128 x) => new(((x.V.AsInt32() & Vector128.Create(0x007FFFFF)) | Vector128.Create(0x3F000000)).AsSingle());
}
