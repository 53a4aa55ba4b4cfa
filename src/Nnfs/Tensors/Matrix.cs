using System.Runtime.CompilerServices;

namespace Nnfs.Tensors;

/// <summary>
/// A float32 matrix, row-major and contiguous: a batch of <see cref="Rows"/> samples with <see cref="Columns"/>
/// features each. It is the NumPy 2-D <c>float32</c> array of the book.
/// </summary>
/// <remarks>
/// Element (r, c) is stored at <c>r · Columns + c</c>. The backing array may be longer than
/// <c>Rows · Columns</c> so that a matrix can be re-shaped to a smaller batch without allocating
/// (see <see cref="Reshape"/>); always use <see cref="Span"/>, never the raw array length.
/// </remarks>
public sealed class Matrix
{
    private float[] _data;

    /// <summary>Creates a zero-filled matrix.</summary>
    /// <param name="rows">Number of rows (samples), at least 0.</param>
    /// <param name="columns">Number of columns (features), at least 0.</param>
    public Matrix(int rows, int columns)
    {
        CheckShape(rows, columns);
        Rows = rows;
        Columns = columns;
        _data = rows * columns == 0 ? [] : new float[checked(rows * columns)];
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
    }

    /// <summary>Number of rows (samples in a batch).</summary>
    public int Rows { get; private set; }

    /// <summary>Number of columns (features or neurons).</summary>
    public int Columns { get; private set; }

    /// <summary>Number of elements, <c>Rows · Columns</c>.</summary>
    public int Length => Rows * Columns;

    /// <summary>The shape as NumPy would print it, e.g. <c>(128, 784)</c>.</summary>
    public string Shape => $"({Rows}, {Columns})";

    /// <summary>The backing array. It may be longer than <see cref="Length"/>; kernels that need an array use it.</summary>
    public float[] Buffer => _data;

    /// <summary>The elements, row-major.</summary>
    public Span<float> Span => _data.AsSpan(0, Length);

    /// <summary>Row <paramref name="row"/> as a span of <see cref="Columns"/> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> Row(int row) => _data.AsSpan(row * Columns, Columns);

    /// <summary>Element access.</summary>
    public float this[int row, int column]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _data[row * Columns + column];
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set => _data[row * Columns + column] = value;
    }

    /// <summary>
    /// Changes the shape in place, reusing the backing array when it is large enough (the contents are then
    /// unspecified) and allocating a new one otherwise. Used for buffers that follow the batch size.
    /// </summary>
    public void Reshape(int rows, int columns)
    {
        CheckShape(rows, columns);
        if (_data.Length < (long)rows * columns) _data = new float[checked(rows * columns)];
        Rows = rows;
        Columns = columns;
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
    public Matrix Clone() => new(Rows, Columns, Span.ToArray());

    /// <summary>Copies this matrix into <paramref name="destination"/>, reshaping it.</summary>
    public void CopyTo(Matrix destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Reshape(Rows, Columns);
        Span.CopyTo(destination.Span);
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

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

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
