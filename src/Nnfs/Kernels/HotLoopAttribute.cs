namespace Nnfs.Kernels;

/// <summary>
/// Marks a per-step hot method (the matrix kernels: float, double and small products; the optimizer's update) that
/// ReadyToRun images must be able to hold, so that a tool's first training step and first prediction run precompiled
/// code instead of waiting for the JIT.
/// </summary>
/// <remarks>
/// Such a method is not marked <see cref="System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization"/>
/// (crossgen2 leaves those to the JIT), and loads and stores vectors through pointers rather than with
/// <c>Vector256.Load</c>/<c>Store</c> (which ReadyToRun code calls through memory). The library is compiled once, for
/// every host: start-up speed comes from the host's settings, not from the library's attributes. The nnfs tool
/// precompiles the library (ReadyToRun) and compiles methods with loops optimised at once
/// (<c>TieredCompilationQuickJitForLoops</c> false); an application that neither precompiles nor sets that runs
/// these loops as quick tier-0 code during its first steps (see <c>docs/performance.md</c>, "Start-up and Native
/// AOT"). The attribute itself changes no code generation; the tests find the hot methods by it.
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
internal sealed class HotLoopAttribute : Attribute;
