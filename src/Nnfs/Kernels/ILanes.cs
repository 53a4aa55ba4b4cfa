namespace Nnfs.Kernels;

/// <summary>
/// A vector of float32 lanes of one tier's width, so that an element-wise kernel is written once and compiled for
/// every tier (<see cref="Lanes512"/>, <see cref="Lanes256"/>, <see cref="Lanes128"/>, <see cref="Lanes128Unfused"/>,
/// <see cref="Lanes1"/>).
/// </summary>
/// <remarks>
/// Every operation works lane by lane with IEEE rounding, so a lane-wise kernel gives the same bits in every tier of
/// the same multiply-add (<see cref="MultiplyAdd(TSelf, TSelf, TSelf)"/>: fused, rounded once, in every tier but
/// <see cref="Lanes128Unfused"/>'s, where the product is rounded and then the sum); only reductions across lanes
/// (<see cref="Sum"/>) depend on the width. A
/// comparison returns a mask: all bits set where true, zero where false. Implementations use the cross-platform
/// <c>Vector128/256/512</c> operations, which the runtime emulates where the processor lacks the width.
/// </remarks>
internal unsafe interface ILanes<TSelf> where TSelf : unmanaged, ILanes<TSelf>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TSelf Create(float value);

    /// <summary>Loads <see cref="Count"/> floats from <paramref name="p"/> (unaligned).</summary>
    static abstract TSelf Load(float* p);

    /// <summary>Stores the lanes at <paramref name="p"/> (unaligned).</summary>
    static abstract void Store(float* p, TSelf value);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);

    /// <summary>Lane-wise quotient.</summary>
    static abstract TSelf operator /(TSelf a, TSelf b);

    /// <summary>Bitwise and.</summary>
    static abstract TSelf operator &(TSelf a, TSelf b);

    /// <summary>Bitwise or.</summary>
    static abstract TSelf operator |(TSelf a, TSelf b);

    /// <summary>Bitwise exclusive or.</summary>
    static abstract TSelf operator ^(TSelf a, TSelf b);

    /// <summary><c>a·b + c</c> in the tier's form: rounded once (fused), or, for <see cref="Lanes128Unfused"/>, the
    /// product rounded and then the sum.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>One float's <c>a·b + c</c> in the same form as <see cref="MultiplyAdd(TSelf, TSelf, TSelf)"/> (for
    /// the scalar tails of a kernel written over the lanes).</summary>
    static abstract float MultiplyAdd(float a, float b, float c);

    /// <summary>Square root.</summary>
    static abstract TSelf Sqrt(TSelf x);

    /// <summary>Absolute value (the sign bit cleared).</summary>
    static abstract TSelf Abs(TSelf x);

    /// <summary>The lesser (as <see cref="MathF.Min"/>).</summary>
    static abstract TSelf Min(TSelf a, TSelf b);

    /// <summary>The greater (as <see cref="MathF.Max"/>).</summary>
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>Rounded to the nearest integer, ties to even.</summary>
    static abstract TSelf Round(TSelf x);

    /// <summary>Mask of <c>a == b</c>.</summary>
    static abstract TSelf Equal(TSelf a, TSelf b);

    /// <summary>Mask of <c>a &lt; b</c>.</summary>
    static abstract TSelf LessThan(TSelf a, TSelf b);

    /// <summary>Mask of <c>a ≤ b</c>.</summary>
    static abstract TSelf LessThanOrEqual(TSelf a, TSelf b);

    /// <summary>Mask of <c>a &gt; b</c>.</summary>
    static abstract TSelf GreaterThan(TSelf a, TSelf b);

    /// <summary>Bitwise not.</summary>
    static abstract TSelf Not(TSelf x);

    /// <summary><c>a &amp; ~b</c>.</summary>
    static abstract TSelf AndNot(TSelf a, TSelf b);

    /// <summary>Per lane, <paramref name="whenTrue"/> where <paramref name="mask"/> is set, else <paramref name="whenFalse"/>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf whenTrue, TSelf whenFalse);

    /// <summary>The lanes added together (an order of the width's own).</summary>
    static abstract float Sum(TSelf x);

    /// <summary><c>2ⁿ</c> for integer-valued lanes n in [−126, 127], built in the exponent bits.</summary>
    static abstract TSelf Pow2(TSelf n);

    /// <summary>The biased exponent field of <paramref name="x"/>'s bits as a float (arithmetic shift by 23).</summary>
    static abstract TSelf ExponentField(TSelf x);

    /// <summary><paramref name="x"/>'s mantissa bits with the exponent of 0.5: a value in [0.5, 1).</summary>
    static abstract TSelf MantissaOfHalf(TSelf x);
}
