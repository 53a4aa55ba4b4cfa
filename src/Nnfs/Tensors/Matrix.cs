using System.Runtime.CompilerServices;

namespace Nnfs.Tensors;

/// <summary>
/// A float32 matrix, row-major and contiguous: a batch of <see cref="Rows"/> samples with <see cref="Columns"/>
/// features each. It is the NumPy 2-D <c>float32</c> array of the book.
/// </summary>
/// <remarks>
/// <para>Element (r, c) is stored at <c>r · Columns + c</c>. The backing array may be longer than
/// <c>Rows · Columns</c> so that a matrix can be re-shaped to a smaller batch without allocating
/// (see <see cref="Reshape"/>); always use <see cref="Span"/>, never the raw array length.</para>
/// <para>After <c>Model.Build</c> a parameter's value and gradient are views into the model's parameter store (one
/// array for all values, one for all gradients; see <see cref="Offset"/>): a view cannot grow by
/// <see cref="Reshape"/>.</para>
/// <para>On the exact path a matrix can also hold float64 values (<see cref="IsFloat64"/>), where the book's NumPy
/// array is float64: the sine data, a dropout layer's output and the gradients below it (docs/numerics.md, "float64
/// arrays"). <see cref="Span"/> then holds the same values rounded to float32, for every reader that does not follow
/// the promotion. A matrix is float32 again after <see cref="Reshape"/> until its producer marks it float64.</para>
/// </remarks>
public sealed class Matrix
{
    private float[] _data;
    private int _offset;
    private int _capacity;
    private bool _isView;
    private double[] _float64 = [];

    /// <summary>Creates a zero-filled matrix.</summary>
    /// <param name="rows">Number of rows (samples), at least 0.</param>
    /// <param name="columns">Number of columns (features), at least 0.</param>
    public Matrix(int rows, int columns)
    {
        CheckShape(rows, columns);
        Rows = rows;
        Columns = columns;
        _data = rows * columns == 0 ? [] : new float[checked(rows * columns)];
        _capacity = _data.Length;
    }

    /// <summary>Wraps an existing array (not copied) as a <paramref name="rows"/> × <paramref name="columns"/> matrix.</summary>
    /// <exception cref="ArgumentException">The array holds fewer than rows · columns values.</exception>
    public Matrix(int rows, int columns, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckShape(rows, columns);
        if (data.Length < (long)rows * columns)
            throw new ArgumentException($"A {rows}×{columns} matrix needs {(long)rows * columns} values, got {data.Length}.", nameof(data));
        Rows = rows;
        Columns = columns;
        _data = data;
        _capacity = data.Length;
    }

    /// <summary>Number of rows (samples in a batch).</summary>
    public int Rows { get; private set; }

    /// <summary>Number of columns (features or neurons).</summary>
    public int Columns { get; private set; }

    /// <summary>Number of elements, <c>Rows · Columns</c>.</summary>
    public int Length => Rows * Columns;

    /// <summary>The shape as NumPy would print it, e.g. <c>(128, 784)</c>.</summary>
    public string Shape => $"({Rows}, {Columns})";

    /// <summary>The backing array, element (r, c) at <c><see cref="Offset"/> + r · Columns + c</c>. It may be longer
    /// than <see cref="Length"/> (and, for a view into a parameter store, hold other parameters).</summary>
    public float[] Buffer => _data;

    /// <summary>Where element (0, 0) is in <see cref="Buffer"/>: 0, except for a view into a parameter store.</summary>
    public int Offset => _offset;

    /// <summary>The elements, row-major.</summary>
    public Span<float> Span => _data.AsSpan(_offset, Length);

    /// <summary>Row <paramref name="row"/> as a span of <see cref="Columns"/> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> Row(int row) => _data.AsSpan(_offset + row * Columns, Columns);

    /// <summary>Element access.</summary>
    public float this[int row, int column]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _data[_offset + row * Columns + column];
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => _data[_offset + row * Columns + column] = value;
    }

    /// <summary>
    /// Changes the shape in place, reusing the backing array when it is large enough (the contents are then
    /// unspecified) and allocating a new one otherwise. Used for buffers that follow the batch size.
    /// </summary>
    /// <exception cref="InvalidOperationException">The matrix is a view into a parameter store and the new shape
    /// needs more elements than the view holds.</exception>
    public void Reshape(int rows, int columns)
    {
        CheckShape(rows, columns);
        if (_capacity < (long)rows * columns)
        {
            if (_isView)
                throw new InvalidOperationException($"{this} is a view into a parameter store of {_capacity} values and cannot be reshaped to ({rows}, {columns}).");
            _data = new float[checked(rows * columns)];
            _capacity = _data.Length;
        }
        Rows = rows;
        Columns = columns;
        IsFloat64 = false;
    }

    /// <summary>
    /// Whether the matrix holds float64 values (<see cref="Float64"/>), as the book's NumPy array does there; false
    /// for a new or reshaped matrix. Only the exact path produces and reads them (docs/numerics.md, "float64 arrays").
    /// </summary>
    public bool IsFloat64 { get; private set; }

    /// <summary>The float64 values, row-major, when <see cref="IsFloat64"/>; <see cref="Span"/> holds them rounded.</summary>
    /// <exception cref="InvalidOperationException">The matrix holds float32 values only.</exception>
    public ReadOnlySpan<double> Float64 => IsFloat64
        ? _float64.AsSpan(0, Length)
        : throw new InvalidOperationException($"{this} holds float32 values only.");

    /// <summary>Marks the matrix float64 and returns its float64 values to fill (contents unspecified); the caller
    /// also writes the rounded values to <see cref="Span"/>, or calls <see cref="RoundFloat64"/>.</summary>
    internal Span<double> SetFloat64()
    {
        if (_float64.Length < Length) _float64 = new double[Length];
        IsFloat64 = true;
        return _float64.AsSpan(0, Length);
    }

    /// <summary>The float64 values to update in place (the matrix must be float64).</summary>
    internal Span<double> WritableFloat64 => IsFloat64
        ? _float64.AsSpan(0, Length)
        : throw new InvalidOperationException($"{this} holds float32 values only.");

    /// <summary>Marks the matrix float32 only (its producer wrote float32 values).</summary>
    internal void MarkFloat32() => IsFloat64 = false;

    /// <summary>
    /// Moves the elements into <paramref name="store"/> at <paramref name="offset"/> (copied) and makes the matrix a view
    /// of <paramref name="capacity"/> values there: same shape, same values, same object for every holder.
    /// </summary>
    /// <exception cref="ArgumentException">The view would not hold the matrix or would not fit in the store.</exception>
    internal void MoveTo(float[] store, int offset, int capacity)
    {
        if (capacity < Length || offset < 0 || (long)offset + capacity > store.Length)
            throw new ArgumentException($"{this} does not fit a view of {capacity} values at {offset} in a store of {store.Length}.");
        Span.CopyTo(store.AsSpan(offset, Length));
        _data = store;
        _offset = offset;
        _capacity = capacity;
        _isView = true;
    }

    /// <summary>Writes the float64 values rounded to float32 into <see cref="Span"/>.</summary>
    internal void RoundFloat64()
    {
        var wide = Float64;
        var narrow = Span;
        for (int i = 0; i < wide.Length; i++) narrow[i] = (float)wide[i];
    }

    /// <summary>Creates a float64 matrix from its values (copied); <see cref="Span"/> holds them rounded to float32.</summary>
    /// <exception cref="ArgumentException">The array holds fewer than rows · columns values.</exception>
    public static Matrix FromFloat64(int rows, int columns, ReadOnlySpan<double> values)
    {
        var m = new Matrix(rows, columns);
        if (values.Length < (long)rows * columns)
            throw new ArgumentException($"A {rows}×{columns} matrix needs {(long)rows * columns} values, got {values.Length}.", nameof(values));
        values[..m.Length].CopyTo(m.SetFloat64());
        m.RoundFloat64();
        return m;
    }

    /// <summary>Returns a matrix of shape (rows, columns), reusing <paramref name="buffer"/> when it is not null.</summary>
    public static Matrix Ensure(ref Matrix? buffer, int rows, int columns)
    {
        if (buffer is null) buffer = new Matrix(rows, columns);
        else buffer.Reshape(rows, columns);
        return buffer;
    }

    /// <summary>Creates a matrix from a rectangular array.</summary>
    public static Matrix FromArray(float[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var m = new Matrix(values.GetLength(0), values.GetLength(1));
        for (int r = 0; r < m.Rows; r++)
            for (int c = 0; c < m.Columns; c++)
                m[r, c] = values[r, c];
        return m;
    }

    /// <summary>Creates a 1 × n row vector.</summary>
    public static Matrix RowVector(params float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new Matrix(1, values.Length, (float[])values.Clone());
    }

    /// <summary>A deep copy with an exactly sized backing array.</summary>
    /// <remarks>A float64 matrix's copy is float64 too.</remarks>
    public Matrix Clone()
    {
        var copy = new Matrix(Rows, Columns, Span.ToArray());
        if (IsFloat64) Float64.CopyTo(copy.SetFloat64());
        return copy;
    }

    /// <summary>Copies this matrix into <paramref name="destination"/>, reshaping it (float64 values too, like
    /// NumPy's <c>copy</c>).</summary>
    public void CopyTo(Matrix destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Reshape(Rows, Columns);
        Span.CopyTo(destination.Span);
        if (IsFloat64) Float64.CopyTo(destination.SetFloat64());
    }

    /// <summary>The elements as a new rectangular array.</summary>
    public float[,] ToArray()
    {
        var a = new float[Rows, Columns];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
                a[r, c] = this[r, c];
        return a;
    }

    /// <summary>Sets every element to zero (float64 values too).</summary>
    public void Clear()
    {
        Span.Clear();
        if (IsFloat64) _float64.AsSpan(0, Length).Clear();
    }

    /// <summary>Throws when <paramref name="other"/> does not have the same shape, naming both shapes.</summary>
    public void RequireSameShape(Matrix other, string what)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Rows != Rows || other.Columns != Columns)
            throw new ArgumentException($"{what}: shapes {Shape} and {other.Shape} do not match.");
    }

    /// <inheritdoc />
    public override string ToString() => $"Matrix{Shape}";

    private static void CheckShape(int rows, int columns)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "rows must be >= 0");
        if (columns < 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "columns must be >= 0");
    }
}
