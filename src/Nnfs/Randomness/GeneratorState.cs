namespace Nnfs.Randomness;

/// <summary>
/// A copy of a <see cref="RandomState"/>'s complete state, as NumPy's <c>RandomState.get_state()</c> returns it:
/// the 624-word MT19937 key, the position of the next word, and the cached second Gaussian of the polar method.
/// </summary>
/// <param name="Key">The 624 key words (NumPy's <c>state[1]</c>).</param>
/// <param name="Position">The index of the next key word to temper, 0 … 624; 624 means the key is twisted before the
/// next draw (NumPy's <c>state[2]</c>).</param>
/// <param name="HasGauss">Whether a second Gaussian is cached (NumPy's <c>state[3]</c>).</param>
/// <param name="Gauss">The cached Gaussian, or 0 (NumPy's <c>state[4]</c>).</param>
public sealed record GeneratorState(uint[] Key, int Position, bool HasGauss, double Gauss)
{
    /// <summary>The number of key words: 624.</summary>
    public const int KeyLength = 624;
}
