using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>The 256-bit tier's lanes (Vector256, 8 floats): see <see cref="ILanes{TSelf}"/>.</summary>
/// <remarks>Vectors are loaded and stored through the pointer: <c>Vector256.Load</c>/<c>Store</c> are calls in ReadyToRun
/// code (see <see cref="MatMulMicroKernel"/>).</remarks>
internal readonly unsafe struct Lanes256(Vector256<float> value) : ILanes<Lanes256>
{
    /// <summary>The lanes.</summary>
    public readonly Vector256<float> V = value;

    public static int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Create(float value) => new(Vector256.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Load(float* p) => new(*(Vector256<float>*)p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Lanes256 value) => *(Vector256<float>*)p = value.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator +(Lanes256 a, Lanes256 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator -(Lanes256 a, Lanes256 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator *(Lanes256 a, Lanes256 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator /(Lanes256 a, Lanes256 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator &(Lanes256 a, Lanes256 b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator |(Lanes256 a, Lanes256 b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 operator ^(Lanes256 a, Lanes256 b) => new(a.V ^ b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 MultiplyAdd(Lanes256 a, Lanes256 b, Lanes256 c) => new(Vector256.FusedMultiplyAdd(a.V, b.V, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Sqrt(Lanes256 x) => new(Vector256.Sqrt(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Abs(Lanes256 x) => new(Vector256.Abs(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Min(Lanes256 a, Lanes256 b) => new(Vector256.Min(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Max(Lanes256 a, Lanes256 b) => new(Vector256.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Round(Lanes256 x) => new(Vector256.Round(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Equal(Lanes256 a, Lanes256 b) => new(Vector256.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 LessThan(Lanes256 a, Lanes256 b) => new(Vector256.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 LessThanOrEqual(Lanes256 a, Lanes256 b) => new(Vector256.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 GreaterThan(Lanes256 a, Lanes256 b) => new(Vector256.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Not(Lanes256 x) => new(~x.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 AndNot(Lanes256 a, Lanes256 b) => new(Vector256.AndNot(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes256 Select(Lanes256 mask, Lanes256 whenTrue, Lanes256 whenFalse) => new(Vector256.ConditionalSelect(mask.V, whenTrue.V, whenFalse.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes256 x) => Vector256.Sum(x.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Pow2(Lanes256 n)
    {
        var e = Vector256.ConvertToInt32(n.V) + Vector256.Create(127);
        // The AVX2 form where it exists: crossgen2 leaves a method calling the portable Vector256.ShiftLeft to the JIT.
        return new((Avx2.IsSupported ? Avx2.ShiftLeftLogical(e, 23) : Vector256.ShiftLeft(e, 23)).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 ExponentField(Lanes256 x) =>
        new(Vector256.ConvertToSingle(Avx2.IsSupported ? Avx2.ShiftRightArithmetic(x.V.AsInt32(), 23) : Vector256.ShiftRightArithmetic(x.V.AsInt32(), 23)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 MantissaOfHalf(Lanes256 x) => new(((x.V.AsInt32() & Vector256.Create(0x007FFFFF)) | Vector256.Create(0x3F000000)).AsSingle());
}
