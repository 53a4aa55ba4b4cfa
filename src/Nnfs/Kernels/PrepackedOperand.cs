namespace Nnfs.Kernels;

/// <summary>
/// A constant right-hand operand B (k×n, row-major, not transposed) packed once into the slivers that
/// <see cref="MatMulFast"/>'s panel path reads, so that products with it skip packing B on every call (the
/// <see cref="MatMulFast.Gemm(int, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, PrepackedOperand, ReadOnlySpan{float}, Span{float}, int)"/>
/// overload). For weights that do not change between calls, such as a predictor's.
/// </summary>
/// <remarks>
/// <para>Layout: panels of <see cref="PanelWidth"/> = 32 columns (the widest tier's tile, <see cref="MatMulTile512.Width"/>);
/// panel q (columns 32q…32q + 31) starts at float q·k·32 and holds its k rows w_q floats apart, w_q = 32 when the panel
/// has more than 16 columns and 16 otherwise, zero padded: element <c>[q·k·32 + p·w_q + j] = B[p, 32q + j]</c>. That is
/// exactly what the product packs for the 512-bit tier. A tier with 16-column tiles reads its sliver t as the half
/// t mod 2 of panel ⌊t/2⌋ with rows w_q apart (the micro-kernels take B's row stride), the same values in the same order
/// as from its own packing, so one copy serves every tier and the product's bits are those of the unpacked call.</para>
/// <para>Memory: k·⌈n/32⌉·32 floats (about the size of B) plus 16 for alignment, in one pinned array. The values are
/// copied when it is created: later changes to B are not seen, so the caller keeps B and this operand in step (a
/// predictor's weights are its own copy, never written).</para>
/// </remarks>
internal sealed unsafe class PrepackedOperand
{
    /// <summary>Columns of a packed panel: the widest tile (<see cref="MatMulTile512.Width"/>).</summary>
    internal const int PanelWidth = MatMulTile512.Width;

    private readonly float[] _data;
    private readonly int _offset;

    /// <summary>Packs the k×n row-major matrix <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> or <paramref name="n"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="b"/> does not hold k·n values.</exception>
    public PrepackedOperand(ReadOnlySpan<float> b, int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (b.Length != (long)k * n)
            throw new ArgumentException($"PrepackedOperand: a {k}×{n} operand has {(long)k * n} values, got {b.Length}.", nameof(b));
        int panels = (n + PanelWidth - 1) / PanelWidth;
        long floats = (long)k * panels * PanelWidth;
        if (floats > Array.MaxLength - 16)
            throw new ArgumentException($"PrepackedOperand: a {k}×{n} operand is too large to pack ({floats} floats).", nameof(b));
        K = k;
        N = n;
        _data = GC.AllocateArray<float>((int)floats + 16, pinned: true);
        fixed (float* p = _data) _offset = (int)((64 - (nint)p % 64) % 64 / sizeof(float));
        var packed = _data.AsSpan(_offset, (int)floats);
        for (int q = 0; q < panels; q++)
        {
            int j0 = q * PanelWidth, cols = Math.Min(PanelWidth, n - j0), w = RowStride(cols);
            var panel = packed.Slice(q * k * PanelWidth, k * w);
            for (int p = 0; p < k; p++) b.Slice(p * n + j0, cols).CopyTo(panel.Slice(p * w, cols));
        }
    }

    /// <summary>Rows of B (the product's depth).</summary>
    public int K { get; }

    /// <summary>Columns of B.</summary>
    public int N { get; }

    /// <summary>
    /// Whether packing a k×n weight matrix ahead can pay: not when a product with it always takes the small path (a side
    /// of at most <see cref="MatMulSmall.MaxShortSide"/>) or, for batches of twice its width or more, is computed as
    /// Cᵀ = Bᵀ·Aᵀ (<see cref="MatMulFast.ShouldSwap"/>: n below 16 and not a multiple of 8), where B is not packed.
    /// </summary>
    public static bool Pays(int k, int n) =>
        Math.Min(k, n) > MatMulSmall.MaxShortSide && !(n < 16 && n % 8 != 0);

    /// <summary>The packed floats, aligned to 64 bytes; valid while this operand is alive (the array is pinned).</summary>
    internal float* Data
    {
        get
        {
            fixed (float* p = _data) return p + _offset;
        }
    }

    /// <summary>Keeps the pinned array alive up to the caller's use of <see cref="Data"/>.</summary>
    internal void KeepAlive() => GC.KeepAlive(_data);

    /// <summary>
    /// The sliver of a tile of 32 or 16 columns that starts at column <paramref name="j0"/> (a multiple of the tile's
    /// width), from depth <paramref name="pc"/> on, in <paramref name="data"/> packed
    /// from a k×n operand; <paramref name="ldb"/> receives the distance between its rows.
    /// </summary>
    internal static float* Sliver(float* data, int k, int n, int j0, int pc, out nint ldb)
    {
        int q = j0 / PanelWidth;
        ldb = RowStride(Math.Min(PanelWidth, n - q * PanelWidth));
        return data + (nint)q * k * PanelWidth + pc * ldb + (j0 - q * PanelWidth);
    }

    private static int RowStride(int cols) => cols > PanelWidth / 2 ? PanelWidth : PanelWidth / 2;
}
