namespace Nnfs.Kernels;

/// <summary>
/// Sums down the columns of a row-major matrix: a dense layer's bias gradient <c>db = Σ_rows G</c>, NumPy's
/// <c>np.sum(G, axis=0)</c>.
/// </summary>
internal static class ColumnSums
{
    /// <summary>
    /// <c>sums[j] = Σ_r g[r, j]</c> as NumPy's <c>np.sum(axis=0)</c> adds them: a single column is one contiguous run,
    /// summed pairwise (<see cref="NumPySum"/>); several columns are each summed in row order (<see cref="InRowOrder(ReadOnlySpan{float}, int, Span{float})"/>).
    /// </summary>
    public static void NumPyAxis0(ReadOnlySpan<float> g, int columns, Span<float> sums)
    {
        if (columns == 1) sums[0] = NumPySum.Sum(g);
        else InRowOrder(g, columns, sums);
    }

    /// <summary><c>sums[j] = Σ_r g[r, j]</c>, each column added from zero in row order.</summary>
    /// <remarks>Eight vectors of the current tier's width (<see cref="Engine.Tier"/>), then one vector, then 4 columns
    /// at a time, with the running sums held in registers: sums kept in memory made every row wait for the previous
    /// row's store. Each column's additions are the same in every tier, so every tier gives the same bits.</remarks>
    /// <exception cref="ArgumentException"><paramref name="sums"/> is shorter than <paramref name="columns"/>.</exception>
    public static void InRowOrder(ReadOnlySpan<float> g, int columns, Span<float> sums)
    {
        switch (Engine.Tier)
        {
            case IsaTier.Vector512: InRowOrder<Lanes512>(g, columns, sums); break;
            case IsaTier.Vector256: InRowOrder<Lanes256>(g, columns, sums); break;
            case IsaTier.Vector128: InRowOrder<Lanes128>(g, columns, sums); break;
            case IsaTier.Vector128Unfused: InRowOrder<Lanes128Unfused>(g, columns, sums); break;
            default: InRowOrder<Lanes1>(g, columns, sums); break;
        }
    }

    /// <summary>As above in the width of <typeparamref name="TL"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="sums"/> is shorter than <paramref name="columns"/>.</exception>
    [HotLoop]
    [TierKernel]
    internal static unsafe void InRowOrder<TL>(ReadOnlySpan<float> g, int columns, Span<float> sums)
        where TL : unmanaged, ILanes<TL>
    {
        if (sums.Length < columns)
            throw new ArgumentException($"ColumnSums: {columns} columns but room for {sums.Length} sums.");
        int rows = columns == 0 ? 0 : g.Length / columns;
        int w = TL.Count;
        fixed (float* pg = g, pdb = sums)
        {
            int j = 0;
            if (w > 1)
            {
                for (; j + 8 * w <= columns; j += 8 * w) Sums8<TL>(pg + j, rows, columns, pdb + j);
                for (; j + w <= columns; j += w)
                {
                    var acc = TL.Create(0f);
                    float* p = pg + j;
                    for (int r = 0; r < rows; r++, p += columns) acc += TL.Load(p);
                    TL.Store(pdb + j, acc);
                }
            }
            // The last columns (fewer than a vector; all of them for a narrow layer) four at a time down the rows:
            // independent running sums instead of one column's whole chain of additions after another.
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

    [TierKernel]
    private static unsafe void Sums8<TL>(float* g, int rows, int stride, float* db) where TL : unmanaged, ILanes<TL>
    {
        int w = TL.Count;
        var s0 = TL.Create(0f);
        var s1 = s0;
        var s2 = s0;
        var s3 = s0;
        var s4 = s0;
        var s5 = s0;
        var s6 = s0;
        var s7 = s0;
        for (int r = 0; r < rows; r++, g += stride)
        {
            s0 += TL.Load(g);
            s1 += TL.Load(g + w);
            s2 += TL.Load(g + 2 * w);
            s3 += TL.Load(g + 3 * w);
            s4 += TL.Load(g + 4 * w);
            s5 += TL.Load(g + 5 * w);
            s6 += TL.Load(g + 6 * w);
            s7 += TL.Load(g + 7 * w);
        }
        TL.Store(db, s0);
        TL.Store(db + w, s1);
        TL.Store(db + 2 * w, s2);
        TL.Store(db + 3 * w, s3);
        TL.Store(db + 4 * w, s4);
        TL.Store(db + 5 * w, s5);
        TL.Store(db + 6 * w, s6);
        TL.Store(db + 7 * w, s7);
    }
}
