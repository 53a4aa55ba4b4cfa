using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nnfs.Kernels;

/// <summary>
/// The lanes of <see cref="IsaTier.Vector128Unfused"/>: <see cref="Lanes128"/>'s operations, except that the
/// multiply-add is a product rounded to float32 and then a sum rounded again (see <see cref="ILanes{TSelf}"/>).
/// </summary>
/// <remarks>
/// WebAssembly SIMD has no fused multiply-add: there <c>Vector128.FusedMultiplyAdd</c> is computed one lane at a time
/// in software, and the browser's interpreter ran the fused 128-bit tier slower than the scalar one. A separate
/// multiply and add are one instruction each, and give the same bits on every machine (neither the runtime's JIT
/// nor WebAssembly contracts a product and a sum into a fused operation), so a desktop process with this tier forced
/// reproduces the browser's results. The operations are written on the <see cref="Vector128{T}"/> itself rather than
/// forwarded to <see cref="Lanes128"/>'s: in the browser's interpreter every level of wrapping struct costs copies
/// (a kernel over a wrapper of <see cref="Lanes128"/> ran 2.5 times slower than over <see cref="Lanes128"/>).
/// </remarks>
internal readonly unsafe struct Lanes128Unfused(Vector128<float> value) : ILanes<Lanes128Unfused>
{
    /// <summary>The lanes.</summary>
    public readonly Vector128<float> V = value;

    public static int Count => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Create(float value) => new(Vector128.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Load(float* p) => new(*(Vector128<float>*)p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Lanes128Unfused value) => *(Vector128<float>*)p = value.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator +(Lanes128Unfused a, Lanes128Unfused b) => new(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator -(Lanes128Unfused a, Lanes128Unfused b) => new(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator *(Lanes128Unfused a, Lanes128Unfused b) => new(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator /(Lanes128Unfused a, Lanes128Unfused b) => new(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator &(Lanes128Unfused a, Lanes128Unfused b) => new(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator |(Lanes128Unfused a, Lanes128Unfused b) => new(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator ^(Lanes128Unfused a, Lanes128Unfused b) => new(a.V ^ b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused MultiplyAdd(Lanes128Unfused a, Lanes128Unfused b, Lanes128Unfused c) => new(a.V * b.V + c.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Sqrt(Lanes128Unfused x) => new(Vector128.Sqrt(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Abs(Lanes128Unfused x) => new(Vector128.Abs(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Min(Lanes128Unfused a, Lanes128Unfused b) => new(Vector128.Min(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Max(Lanes128Unfused a, Lanes128Unfused b) => new(Vector128.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Round(Lanes128Unfused x) => new(Vector128.Round(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Equal(Lanes128Unfused a, Lanes128Unfused b) => new(Vector128.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused LessThan(Lanes128Unfused a, Lanes128Unfused b) => new(Vector128.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused LessThanOrEqual(Lanes128Unfused a, Lanes128Unfused b) => new(Vector128.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused GreaterThan(Lanes128Unfused a, Lanes128Unfused b) => new(Vector128.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Not(Lanes128Unfused x) => new(~x.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused AndNot(Lanes128Unfused a, Lanes128Unfused b) => new(Vector128.AndNot(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Select(Lanes128Unfused mask, Lanes128Unfused whenTrue, Lanes128Unfused whenFalse) => new(Vector128.ConditionalSelect(mask.V, whenTrue.V, whenFalse.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes128Unfused x) => Vector128.Sum(x.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Pow2(Lanes128Unfused n) => new(Lanes128.Pow2(new(n.V)).V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused ExponentField(Lanes128Unfused x) => new(Lanes128.ExponentField(new(x.V)).V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused MantissaOfHalf(Lanes128Unfused x) => new(Lanes128.MantissaOfHalf(new(x.V)).V);
}
