using System.Reflection;
using System.Runtime.CompilerServices;
using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public class HotLoopTests
{
    // The library as built (what a user's process loads) keeps the float kernel's loops optimised from their first
    // call; only the CLI's ReadyToRun copy is built without (NNFS_READYTORUN).
    [Fact]
    public void LibraryBuildMarksTheKernelLoopsAggressiveOptimization()
    {
        Assert.Equal(MethodImplOptions.AggressiveOptimization, HotLoop.Options);
        var methods = typeof(MatMulFast).GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(m => m.Name is "Execute" or "ExecutePanels" or "PackA" or "PackB" or "PackFullPanels" or "Merge" or "Transpose8x8"
                        || (m.Name == "Gemm" && m.GetParameters().Length == 11))
            .Append(typeof(MatMulMicroKernel).GetMethod(nameof(MatMulMicroKernel.Run))!)
            .ToList();
        Assert.Equal(9, methods.Count);
        foreach (var method in methods)
            Assert.True(method.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization), method.Name);
    }
}
