using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Models;

/// <summary>
/// A reusable buffer for one batch shape: the inputs and targets of <see cref="Rows"/> samples copied out of the
/// data set, so that steps after the first allocate nothing.
/// </summary>
internal sealed class Batch
{
    private readonly int[]? _classes;
    private readonly Matrix? _values;

    private Batch(int rows, int inputColumns, Targets like)
    {
        Rows = rows;
        X = new Matrix(rows, inputColumns);
        if (like.Classes is not null)
        {
            _classes = new int[rows];
            Y = Targets.FromClasses(_classes);
        }
        else
        {
            _values = new Matrix(rows, like.Values!.Columns);
            Y = Targets.FromValues(_values);
        }
    }

    public int Rows { get; }

    public Matrix X { get; }

    public Targets Y { get; }

    /// <summary>Returns <paramref name="batch"/> when it fits this shape, otherwise a new buffer stored there.</summary>
    public static Batch Ensure(ref Batch? batch, int rows, Matrix x, Targets y)
    {
        if (batch is not null && batch.Rows == rows && batch.X.Columns == x.Columns && batch.Fits(y)) return batch;
        return batch = new Batch(rows, x.Columns, y);
    }

    private bool Fits(Targets y) =>
        y.Classes is not null ? _classes is not null : _values is not null && _values.Columns == y.Values!.Columns;

    /// <summary>Copies samples <c>order[start + i]</c> (or <c>start + i</c> when <paramref name="order"/> is null),
    /// prefetching shuffled rows a few ahead.</summary>
    public void Fill(Matrix x, Targets y, int start, int[]? order)
    {
        int columns = x.Columns;
        var source = x.Span;
        var destination = X.Span;
        if (order is null)
            source.Slice(start * columns, Rows * columns).CopyTo(destination);
        else
            for (int i = 0; i < Rows; i++)
            {
                if (i + Prefetch.Distance < Rows)
                    Prefetch.Row<float>(source.Slice(order[start + i + Prefetch.Distance] * columns, columns));
                source.Slice(order[start + i] * columns, columns).CopyTo(destination.Slice(i * columns, columns));
            }

        if (_classes is not null)
        {
            var classes = y.Classes!;
            if (order is null) classes.AsSpan(start, Rows).CopyTo(_classes);
            else for (int i = 0; i < Rows; i++) _classes[i] = classes[order[start + i]];
        }
        else
        {
            var values = y.Values!;
            int vc = values.Columns;
            if (order is null) values.Span.Slice(start * vc, Rows * vc).CopyTo(_values!.Span);
            else
                for (int i = 0; i < Rows; i++)
                    values.Span.Slice(order[start + i] * vc, vc).CopyTo(_values!.Span.Slice(i * vc, vc));
        }
    }
}
