using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nnfs.Kernels;

/// <summary>The 512-bit tier's lanes (Vector512, 16 floats): see <see cref="ILanes{TSelf}"/>.</summary>
/// <remarks>Vectors are loaded and stored through the pointer: <c>Vector512.Load</c>/<c>Store</c> are calls in ReadyToRun
/// code (see <see cref="MatMulMicroKernel"/>).</remarks>
internal readonly unsafe struct Lanes512(Vector512<float> value) : ILanes<Lanes512>
{
    /// <summary>The lanes.</summary>
    public readonly Vector512<float> V = value;

    public static int Count => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Create(float value) => new(Vector512.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Load(float* p) => new(*(Vector512<float>*)p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Lanes512 value) => *(Vector512<float>*)p = value.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator +(Lanes512 a, Lanes512 b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator -(Lanes512 a, Lanes512 b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator *(Lanes512 a, Lanes512 b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator /(Lanes512 a, Lanes512 b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator &(Lanes512 a, Lanes512 b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator |(Lanes512 a, Lanes512 b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 operator ^(Lanes512 a, Lanes512 b) => new(a.V ^ b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 MultiplyAdd(Lanes512 a, Lanes512 b, Lanes512 c) => new(Vector512.FusedMultiplyAdd(a.V, b.V, c.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Sqrt(Lanes512 x) => new(Vector512.Sqrt(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Abs(Lanes512 x) => new(Vector512.Abs(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Min(Lanes512 a, Lanes512 b) => new(Vector512.Min(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Max(Lanes512 a, Lanes512 b) => new(Vector512.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Round(Lanes512 x) => new(Vector512.Round(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Equal(Lanes512 a, Lanes512 b) => new(Vector512.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 LessThan(Lanes512 a, Lanes512 b) => new(Vector512.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 LessThanOrEqual(Lanes512 a, Lanes512 b) => new(Vector512.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 GreaterThan(Lanes512 a, Lanes512 b) => new(Vector512.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Not(Lanes512 x) => new(~x.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 AndNot(Lanes512 a, Lanes512 b) => new(Vector512.AndNot(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes512 Select(Lanes512 mask, Lanes512 whenTrue, Lanes512 whenFalse) => new(Vector512.ConditionalSelect(mask.V, whenTrue.V, whenFalse.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes512 x) => Vector512.Sum(x.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Pow2(Lanes512 n) => new(Vector512.ShiftLeft(Vector512.ConvertToInt32(n.V) + Vector512.Create(127), 23).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 ExponentField(Lanes512 x) => new(Vector512.ConvertToSingle(Vector512.ShiftRightArithmetic(x.V.AsInt32(), 23)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 MantissaOfHalf(Lanes512 x) => new(((x.V.AsInt32() & Vector512.Create(0x007FFFFF)) | Vector512.Create(0x3F000000)).AsSingle());
}
