namespace Nnfs.Kernels;

/// <summary>
/// Marks a kernel that <see cref="TierWarmUp"/> compiles on a background thread before its first call: a method
/// generic over the tier's lanes, or (with <see cref="Tier"/>) a concrete method of one tier.
/// </summary>
/// <remarks>
/// In a generic method, each type parameter constrained to <see cref="ILanes{TSelf}"/> takes the tier's lanes
/// (<see cref="Lanes512"/>, <see cref="Lanes256"/>, <see cref="Lanes128"/> or <see cref="Lanes1"/>) and each other
/// type parameter every struct of the library that meets its constraints (for <see cref="LaneMap"/>'s function: the
/// exp and the log). A concrete method marked with a tier is prepared only when that tier runs (for a 512-bit
/// kernel, which the x86-64-v3 ReadyToRun image cannot hold). The attribute changes no code generation.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class TierKernelAttribute : Attribute
{
    /// <summary>A method generic over the tier's lanes, prepared for whichever tier runs.</summary>
    public TierKernelAttribute() { }

    /// <summary>A concrete method of <paramref name="tier"/> only.</summary>
    public TierKernelAttribute(IsaTier tier) => Tier = tier;

    /// <summary>The one tier a concrete kernel belongs to; null for a method generic over the lanes.</summary>
    public IsaTier? Tier { get; }
}
