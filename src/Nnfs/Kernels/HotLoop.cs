using System.Runtime.CompilerServices;

namespace Nnfs.Kernels;

/// <summary>
/// How the per-step hot methods (the matrix kernels: float, double and small products; the optimizer's update) are
/// compiled: <see cref="MethodImplOptions.AggressiveOptimization"/> (optimised on first use) in the library as
/// built, nothing in the copy the CLI precompiles with ReadyToRun.
/// </summary>
/// <remarks>
/// In a host with default settings (tier-0 code for methods with loops, then recompilation after 30 calls and a
/// 100 ms delay), the kernels' loops would otherwise run as unoptimised code for most of a first epoch. crossgen2
/// does not precompile methods marked <see cref="MethodImplOptions.AggressiveOptimization"/>, so the CLI builds a
/// second copy of the library with <c>NNFS_READYTORUN</c> defined and precompiles that one; the CLI's own host
/// compiles loops optimised at once anyway (<c>TieredCompilationQuickJitForLoops</c> false).
/// </remarks>
internal static class HotLoop
{
    /// <summary>The options for a hot method: AggressiveOptimization, or none in the ReadyToRun copy.</summary>
#if NNFS_READYTORUN
    public const MethodImplOptions Options = 0;
#else
    public const MethodImplOptions Options = MethodImplOptions.AggressiveOptimization;
#endif
}
