namespace Nnfs.Tensors;

/// <summary>
/// Ground-truth values for a batch: either sparse class ids (the book's 1-D <c>y</c>) or a matrix of targets
/// (one-hot rows, binary labels, or regression values; the book's 2-D <c>y</c>).
/// </summary>
/// <remarks>Exactly one of <see cref="Classes"/> and <see cref="Values"/> is set. Implicit conversions from
/// <c>int[]</c> and <see cref="Matrix"/> make calls read like the book's.</remarks>
public sealed class Targets
{
    private Targets(int[]? classes, Matrix? values)
    {
        Classes = classes;
        Values = values;
    }

    /// <summary>Sparse class ids, one per sample, or null.</summary>
    public int[]? Classes { get; }

    /// <summary>Dense targets, one row per sample, or null.</summary>
    public Matrix? Values { get; }

    /// <summary>True when the targets are sparse class ids.</summary>
    public bool IsSparse => Classes is not null;

    /// <summary>Number of samples.</summary>
    public int Count => Classes?.Length ?? Values!.Rows;

    /// <summary>Sparse class ids.</summary>
    public static Targets FromClasses(int[] classes) => new(classes ?? throw new ArgumentNullException(nameof(classes)), null);

    /// <summary>A matrix of targets, one row per sample.</summary>
    public static Targets FromValues(Matrix values) => new(null, values ?? throw new ArgumentNullException(nameof(values)));

    /// <summary>Sparse class ids.</summary>
    public static implicit operator Targets(int[] classes) => FromClasses(classes);

    /// <summary>A matrix of targets.</summary>
    public static implicit operator Targets(Matrix values) => FromValues(values);

    /// <summary>Rows [start, start + count) as new targets (copied).</summary>
    public Targets Slice(int start, int count)
    {
        if (Classes is not null) return new Targets(Classes.AsSpan(start, count).ToArray(), null);
        var v = Values!;
        var m = new Matrix(count, v.Columns);
        v.Span.Slice(start * v.Columns, count * v.Columns).CopyTo(m.Span);
        return new Targets(null, m);
    }

    /// <summary>Throws unless there is one target per sample of <paramref name="predictions"/>.</summary>
    public void RequireCount(Matrix predictions, string what)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (Count != predictions.Rows)
            throw new ArgumentException($"{what}: {predictions.Rows} predictions {predictions.Shape} but {Count} targets.");
        if (Count == 0) throw new ArgumentException($"{what}: the batch is empty.");
    }
}
