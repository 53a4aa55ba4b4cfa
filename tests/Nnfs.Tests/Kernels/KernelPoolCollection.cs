namespace Nnfs.Tests.Kernels;

/// <summary>
/// Tests that read the kernel pool's process-wide state (its statistics, open hot sections): they run alone, after
/// the parallel tests, since any other test's products or training steps change that state.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelPoolCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Kernel pool";
}
