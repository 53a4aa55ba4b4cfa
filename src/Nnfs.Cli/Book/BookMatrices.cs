using Nnfs.Tensors;

namespace Nnfs.Cli.Book;

/// <summary>Small helpers the chapters share.</summary>
internal static class BookMatrices
{
    /// <summary>A copy of the first <paramref name="rows"/> rows (NumPy's <c>m[:rows]</c>).</summary>
    public static Matrix Head(Matrix matrix, int rows)
    {
        rows = Math.Min(rows, matrix.Rows);
        var head = new Matrix(rows, matrix.Columns);
        matrix.Span[..head.Length].CopyTo(head.Span);
        return head;
    }

    /// <summary>Python's <c>print</c> of a list of floats: <c>[-3.0, -1.0, 2.0]</c>.</summary>
    public static string List(IEnumerable<double> values) =>
        "[" + string.Join(", ", values.Select(Formatting.PythonFormat.Repr)) + "]";
}
