namespace Nnfs.Kernels;

/// <summary>Which loop structure <see cref="MatMulFast"/> uses.</summary>
internal enum GemmPlan
{
    /// <summary>Panels when op(A) fits in L2 (<see cref="MatMulFast.PanelThreshold"/>), else blocked.</summary>
    Auto,

    /// <summary>op(A) read in place, threads over 16-column panels.</summary>
    Panels,

    /// <summary>Both operands packed in cache blocks, threads over row blocks.</summary>
    Blocked,
}
