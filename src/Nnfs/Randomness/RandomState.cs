namespace Nnfs.Randomness;

/// <summary>PLACEHOLDER to be replaced: NumPy's legacy RandomState.</summary>
public sealed class RandomState
{
    /// <summary>The global generator, as <c>np.random</c>.</summary>
    public static RandomState Global { get; } = new(0);

    /// <summary>Creates a generator seeded with <paramref name="seed"/>.</summary>
    public RandomState(uint seed) => Seed(seed);

    /// <summary>Re-seeds.</summary>
    public void Seed(uint seed) { _ = seed; }
}
