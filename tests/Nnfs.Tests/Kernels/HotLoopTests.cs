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

    // The other hot loops that carry HotLoop.Options: the small products, the exact kernel, the optimizer's update.
    [Theory]
    [InlineData(typeof(MatMulSmall), new[] { "Outer", "SumOverK", "SumOverKBlock", "DenseReLUBackwardBlock", "DotRows4", "Transpose", "RowForm", "DotForm" })]
    [InlineData(typeof(MatMulExact), new[] { "Execute", "ComputePanel", "PackColumns", "PackRowsTransposed", "CopyColumns", "CopyRowsTransposed", "Kernel" })]
    [InlineData(typeof(Nnfs.Optimizers.Optimizer), new[] { "PreUpdateParams", "Update", "PrepareStepOnce", "State" })]
    [InlineData(typeof(Nnfs.Optimizers.Adam), new[] { "States", "Run", "ExactRange", "FastRange" })]
    public void LibraryBuildMarksTheOtherHotLoopsAggressiveOptimization(Type type, string[] names)
    {
        const BindingFlags all = BindingFlags.Static | BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly;
        foreach (string name in names)
        {
            var methods = type.GetMethods(all).Where(m => m.Name == name).ToList();
            Assert.NotEmpty(methods);
            Assert.Contains(methods, m => m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization));
        }
    }
}
