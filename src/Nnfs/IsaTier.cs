namespace Nnfs;

/// <summary>
/// The vector width the fast kernels are written for: one tier per instruction-set family, chosen once per process
/// (<see cref="Engine.Tier"/>).
/// </summary>
/// <remarks>
/// Every kernel has every tier. A tier the processor lacks still runs, correctly but slowly: the kernels use the
/// cross-platform <c>Vector128/256/512</c> operations, which the runtime emulates where the hardware has no such
/// registers, and each processor-specific instruction is guarded with a portable fallback. The exact path
/// (<see cref="NumericPath.Exact"/>) gives the same bits on every tier. The members are not ordered by width
/// (<see cref="Vector128Unfused"/> came last).
/// </remarks>
public enum IsaTier
{
    /// <summary>One float at a time (<c>NNFS_ISA=scalar</c>): no vector registers; fused multiply-adds through
    /// <see cref="MathF.FusedMultiplyAdd"/>.</summary>
    Scalar,

    /// <summary>128-bit vectors (<c>NNFS_ISA=v128</c>): ARM64 NEON (AdvSIMD), WebAssembly SIMD, x86 SSE.</summary>
    Vector128,

    /// <summary>256-bit vectors (<c>NNFS_ISA=avx2</c>): x86 AVX2 with FMA.</summary>
    Vector256,

    /// <summary>512-bit vectors (<c>NNFS_ISA=avx512</c>): x86 AVX-512 (F, BW, CD, DQ, VL), where the runtime
    /// accelerates <c>Vector512</c>.</summary>
    Vector512,

    /// <summary>128-bit vectors whose multiply-add is a product rounded to float32 and then a sum rounded again
    /// (<c>NNFS_ISA=v128-unfused</c>): WebAssembly SIMD, which has no fused multiply-add (the browser's tier), and
    /// x86 SSE without FMA.</summary>
    /// <remarks>Its results differ from the fused tiers' in the last bits (each product is rounded), and are the same
    /// on every machine: a desktop process with this tier forced computes the browser's bits.</remarks>
    Vector128Unfused,
}
