using Nnfs.Tensors;

namespace Nnfs.Optimizers;

/// <summary>
/// An optimizer's view of a gradient or a state array in a float64 update (exact path): the gradient of a parameter
/// below a dropout layer or above float64 targets is float64, and so becomes every state array the book reassigns
/// from it (docs/numerics.md, "float64 arrays").
/// </summary>
/// <remarks>Reading follows NumPy 1.x: a float32 element is widened exactly, except in a product with a Python
/// scalar (<see cref="Times"/>), which NumPy computes in float32 with the scalar rounded to float32.</remarks>
internal readonly ref struct PromotedArray
{
    private readonly ReadOnlySpan<float> _narrow;
    private readonly Span<double> _wide;
    private readonly bool _wasFloat32;

    private PromotedArray(ReadOnlySpan<float> narrow, Span<double> wide, bool wasFloat32)
    {
        _narrow = narrow;
        _wide = wide;
        _wasFloat32 = wasFloat32;
    }

    /// <summary>The values of <paramref name="m"/> as they are, float32 or float64, for reading only.</summary>
    public static PromotedArray Read(Matrix m) =>
        m.IsFloat64 ? new(default, m.WritableFloat64, false) : new(m.Span, default, true);

    /// <summary>
    /// A state array that the book reassigns (<c>cache = rho * cache + …</c>): it is float64 from now on. Reads still
    /// see its values as they were (float32 ones with float32 scalar products); writes go to its float64 values.
    /// Call <see cref="Matrix.RoundFloat64"/> on it after the update.
    /// </summary>
    public static PromotedArray Promote(Matrix m)
    {
        bool wasFloat32 = !m.IsFloat64;
        if (wasFloat32)
        {
            var narrow = m.Span;
            var wide = m.SetFloat64();
            for (int i = 0; i < wide.Length; i++) wide[i] = narrow[i];
        }
        return new(default, m.WritableFloat64, wasFloat32);
    }

    /// <summary>Element <paramref name="i"/> in double (a float32 element widened exactly).</summary>
    public double this[int i]
    {
        get => _wasFloat32 && _wide.IsEmpty ? _narrow[i] : _wide[i];
        set => _wide[i] = value;
    }

    /// <summary><c>scalar * array</c> at <paramref name="i"/>: in double for a float64 array, in float32 (scalar
    /// rounded to float32) for a float32 one.</summary>
    public double Times(double scalar, int i) => _wasFloat32 ? (float)scalar * (float)this[i] : scalar * this[i];

    /// <summary><c>scalar * array ** 2</c> at <paramref name="i"/>, each step in the array's precision.</summary>
    public double SquareTimes(double scalar, int i)
    {
        double x = this[i];
        return _wasFloat32 ? (float)scalar * ((float)x * (float)x) : scalar * (x * x);
    }
}
