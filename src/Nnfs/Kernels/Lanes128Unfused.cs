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
/// forwarded to <see cref="Lanes128"/>'s, and results are made by <see cref="Of"/>: in the browser's interpreter every
/// level of wrapping struct costs copies (a kernel over a wrapper of <see cref="Lanes128"/> ran 2.5 times slower than
/// over <see cref="Lanes128"/>), and so does a constructor.
/// </remarks>
internal readonly unsafe struct Lanes128Unfused : ILanes<Lanes128Unfused>
{
    /// <summary>The lanes.</summary>
    public readonly Vector128<float> V;

    /// <summary>The lanes <paramref name="v"/>: a reinterpretation, not a constructor (an interpreted constructor
    /// call initialises a temporary through its address, three times slower in the browser's kernels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Of(Vector128<float> v) => Unsafe.BitCast<Vector128<float>, Lanes128Unfused>(v);

    public static int Count => Vector128<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Create(float value) => Of(Vector128.Create(value));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Load(float* p) => Of(*(Vector128<float>*)p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Lanes128Unfused value) => *(Vector128<float>*)p = value.V;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator +(Lanes128Unfused a, Lanes128Unfused b) => Of(a.V + b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator -(Lanes128Unfused a, Lanes128Unfused b) => Of(a.V - b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator *(Lanes128Unfused a, Lanes128Unfused b) => Of(a.V * b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator /(Lanes128Unfused a, Lanes128Unfused b) => Of(a.V / b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator &(Lanes128Unfused a, Lanes128Unfused b) => Of(a.V & b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator |(Lanes128Unfused a, Lanes128Unfused b) => Of(a.V | b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused operator ^(Lanes128Unfused a, Lanes128Unfused b) => Of(a.V ^ b.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused MultiplyAdd(Lanes128Unfused a, Lanes128Unfused b, Lanes128Unfused c) => Of(a.V * b.V + c.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Sqrt(Lanes128Unfused x) => Of(Vector128.Sqrt(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Abs(Lanes128Unfused x) => Of(Vector128.Abs(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Min(Lanes128Unfused a, Lanes128Unfused b) => Of(Vector128.Min(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Max(Lanes128Unfused a, Lanes128Unfused b) => Of(Vector128.Max(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Round(Lanes128Unfused x) => Of(Vector128.Round(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Equal(Lanes128Unfused a, Lanes128Unfused b) => Of(Vector128.Equals(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused LessThan(Lanes128Unfused a, Lanes128Unfused b) => Of(Vector128.LessThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused LessThanOrEqual(Lanes128Unfused a, Lanes128Unfused b) => Of(Vector128.LessThanOrEqual(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused GreaterThan(Lanes128Unfused a, Lanes128Unfused b) => Of(Vector128.GreaterThan(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Not(Lanes128Unfused x) => Of(~x.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused AndNot(Lanes128Unfused a, Lanes128Unfused b) => Of(Vector128.AndNot(a.V, b.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Select(Lanes128Unfused mask, Lanes128Unfused whenTrue, Lanes128Unfused whenFalse) => Of(Vector128.ConditionalSelect(mask.V, whenTrue.V, whenFalse.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Lanes128Unfused x) => Vector128.Sum(x.V);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused Pow2(Lanes128Unfused n) => Of(Vector128.ShiftLeft(Vector128.ConvertToInt32(n.V) + Vector128.Create(127), 23).AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused ExponentField(Lanes128Unfused x) => Of(Vector128.ConvertToSingle(Vector128.ShiftRightArithmetic(x.V.AsInt32(), 23)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes128Unfused MantissaOfHalf(Lanes128Unfused x) => Of(((x.V.AsInt32() & Vector128.Create(0x007FFFFF)) | Vector128.Create(0x3F000000)).AsSingle());
}
