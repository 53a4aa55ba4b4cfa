using System.Reflection;
using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public class HotLoopTests
{
    private const BindingFlags All = BindingFlags.Static | BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly;

    private static IEnumerable<MethodBase> LibraryMethods() =>
        typeof(HotLoopAttribute).Assembly.GetTypes().SelectMany(t => t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All)));

    // The library is compiled once, for every host: a method marked AggressiveOptimization would be left to the JIT by
    // crossgen2, so the tool's ReadyToRun image (and a publish's) would not hold it.
    [Fact]
    public void NoLibraryMethodIsLeftToTheJit()
    {
        var marked = LibraryMethods().Where(m => m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        Assert.Empty(marked);
    }

    // The per-step kernels are found by their attribute: the float, double and small products and the optimizer's update.
    [Fact]
    public void TheHotLoopsAreMarked()
    {
        var hot = LibraryMethods().Where(m => m.IsDefined(typeof(HotLoopAttribute))).ToList();
        var types = hot.Select(m => m.DeclaringType!.Name).ToHashSet();
        foreach (string type in new[] { "MatMulFast", "MatMulMicroKernel", "MatMulSmall", "MatMulExact", "Optimizer", "Adam" })
            Assert.Contains(type, types);
        Assert.True(hot.Count >= 30, $"{hot.Count} methods marked");
    }
}
