using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Kernels;

/// <summary>
/// Sums down the columns of a row-major matrix: a dense layer's bias gradient <c>db = Σ_rows G</c>, NumPy's
/// <c>np.sum(G, axis=0)</c>.
/// </summary>
internal static class ColumnSums
{
    /// <summary>
    /// <c>sums[j] = Σ_r g[r, j]</c> as NumPy's <c>np.sum(axis=0)</c> adds them: a single column is one contiguous run,
    /// summed pairwise (<see cref="NumPySum"/>); several columns are each summed in row order (<see cref="InRowOrder"/>).
    /// </summary>
    public static void NumPyAxis0(ReadOnlySpan<float> g, int columns, Span<float> sums)
    {
        if (columns == 1) sums[0] = NumPySum.Sum(g);
        else InRowOrder(g, columns, sums);
    }

    /// <summary><c>sums[j] = Σ_r g[r, j]</c>, each column added from zero in row order.</summary>
    /// <remarks>64, 8 or 4 columns at a time with the running sums held in registers: sums kept in memory made every
    /// row wait for the previous row's store.</remarks>
    /// <exception cref="ArgumentException"><paramref name="sums"/> is shorter than <paramref name="columns"/>.</exception>
    public static unsafe void InRowOrder(ReadOnlySpan<float> g, int columns, Span<float> sums)
    {
        if (sums.Length < columns)
            throw new ArgumentException($"ColumnSums: {columns} columns but room for {sums.Length} sums.");
        int rows = columns == 0 ? 0 : g.Length / columns;
        fixed (float* pg = g, pdb = sums)
        {
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + 64 <= columns; j += 64) Sums64(pg + j, rows, columns, pdb + j);
                for (; j + 8 <= columns; j += 8)
                {
                    var acc = Vector256<float>.Zero;
                    float* p = pg + j;
                    for (int r = 0; r < rows; r++, p += columns) acc += Vector256.Load(p);
                    Avx.Store(pdb + j, acc);
                }
            }
            // The last columns (fewer than 8; all of them for a narrow layer) four at a time down the rows: independent
            // running sums instead of one column's whole chain of additions after another.
            for (; j < columns; j += 4)
            {
                int width = Math.Min(4, columns - j);
                float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
                float* p = pg + j;
                for (int r = 0; r < rows; r++, p += columns)
                {
                    a0 += p[0];
                    if (width > 1) a1 += p[1];
                    if (width > 2) a2 += p[2];
                    if (width > 3) a3 += p[3];
                }
                pdb[j] = a0;
                if (width > 1) pdb[j + 1] = a1;
                if (width > 2) pdb[j + 2] = a2;
                if (width > 3) pdb[j + 3] = a3;
            }
        }
    }

    private static unsafe void Sums64(float* g, int rows, int stride, float* db)
    {
        var s0 = Vector256<float>.Zero;
        var s1 = s0;
        var s2 = s0;
        var s3 = s0;
        var s4 = s0;
        var s5 = s0;
        var s6 = s0;
        var s7 = s0;
        for (int r = 0; r < rows; r++, g += stride)
        {
            s0 += Vector256.Load(g);
            s1 += Vector256.Load(g + 8);
            s2 += Vector256.Load(g + 16);
            s3 += Vector256.Load(g + 24);
            s4 += Vector256.Load(g + 32);
            s5 += Vector256.Load(g + 40);
            s6 += Vector256.Load(g + 48);
            s7 += Vector256.Load(g + 56);
        }
        Avx.Store(db, s0);
        Avx.Store(db + 8, s1);
        Avx.Store(db + 16, s2);
        Avx.Store(db + 24, s3);
        Avx.Store(db + 32, s4);
        Avx.Store(db + 40, s5);
        Avx.Store(db + 48, s6);
        Avx.Store(db + 56, s7);
    }
}
