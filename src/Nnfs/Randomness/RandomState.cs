using System.Runtime.CompilerServices;

namespace Nnfs.Randomness;

/// <summary>
/// NumPy's legacy <c>np.random.RandomState</c>, bit for bit: the MT19937 generator seeded from an integer and the
/// legacy algorithms built on it (<c>random_sample</c>, <c>randn</c>, <c>binomial</c>, <c>shuffle</c>,
/// <c>permutation</c>, <c>randint</c>). The same seed gives the same numbers as NumPy, draw for draw.
/// </summary>
/// <remarks>
/// <para>State: the 624-word Mersenne Twister key with its position, and the cached second value of the polar
/// Gaussian (see <see cref="NextGaussian"/>). Seeding uses Knuth's initialisation (reference <c>init_genrand</c>):
/// <c>key[0] = seed</c>, <c>key[i] = 1812433253 · (key[i−1] ⊕ (key[i−1] ≫ 30)) + i</c> (mod 2³²), as NumPy does
/// for an integer seed (an integer seed never goes through <c>init_by_array</c>).</para>
/// <para>Outputs are the standard MT19937 twist (N = 624, M = 397, matrix 0x9908b0df) followed by the tempering
/// <c>y ⊕= y≫11; y ⊕= (y≪7) ∧ 0x9d2c5680; y ⊕= (y≪15) ∧ 0xefc60000; y ⊕= y≫18</c>.</para>
/// <para>An instance created with the constructor is not thread-safe: each thread should own its generator. The
/// process-wide <see cref="Global"/> is: each of its public calls runs under a lock, as NumPy serialises the calls of
/// its global generator, so threads drawing from it at once get values of one stream, in some order.</para>
/// </remarks>
public sealed partial class RandomState
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private static readonly RandomState s_process = new(0, synchronized: true);
    private static readonly AsyncLocal<RandomState?> s_override = new();

    private readonly uint[] _key = new uint[StateLength];
    private int _pos;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>Creates a generator seeded with <paramref name="seed"/>, like <c>np.random.RandomState(seed)</c>.</summary>
    /// <param name="seed">Any value in [0, 2³² − 1], the range NumPy accepts for an integer seed.</param>
    public RandomState(uint seed) => Seed(seed);

    private RandomState(uint seed, bool synchronized) : this(seed)
    {
        if (synchronized) _sync = new Lock();
    }

    // Only the process-wide generator: each public call holds it, as NumPy's global RandomState does.
    private readonly Lock? _sync;

    /// <summary>
    /// The global generator, as <c>np.random</c>: seeded with 0 at start-up and re-seeded by
    /// <see cref="Engine.Init"/> (the book's <c>nnfs.init()</c>). Layers and datasets use it when they are given no
    /// generator.
    /// </summary>
    /// <remarks>
    /// One instance for the whole process, unless the current asynchronous flow has replaced it with
    /// <see cref="UseGlobal"/> (tests do that so that concurrently running tests do not draw from one stream). The
    /// process-wide instance is thread-safe (each public call is atomic); which thread gets which values is not
    /// reproducible, so code that trains on several threads at once gives each its own generator (or its own
    /// <see cref="UseGlobal"/> scope).
    /// </remarks>
    public static RandomState Global => s_override.Value ?? s_process;

    /// <summary>
    /// Makes <paramref name="random"/> the <see cref="Global"/> generator of the current asynchronous flow until the
    /// returned scope is disposed. Code outside this flow keeps seeing the process-wide instance.
    /// </summary>
    /// <param name="random">The replacement; null creates a fresh generator seeded with 0.</param>
    public static IDisposable UseGlobal(RandomState? random = null)
    {
        var previous = s_override.Value;
        s_override.Value = random ?? new RandomState(0);
        return new Restore(previous);
    }

    /// <summary>
    /// Re-seeds, like <c>np.random.seed(seed)</c>: re-initialises the key from the integer seed and clears the cached
    /// Gaussian.
    /// </summary>
    public void Seed(uint seed)
    {
        if (_sync is null)
        {
            SeedCore(seed);
            return;
        }
        lock (_sync) SeedCore(seed);
    }

    private void SeedCore(uint seed)
    {
        uint s = seed;
        for (int i = 0; i < StateLength; i++)
        {
            _key[i] = s;
            s = unchecked(1812433253U * (s ^ (s >> 30)) + (uint)i + 1U);
        }
        _pos = StateLength;
        _hasGauss = false;
        _gauss = 0.0;
        ResetBinomialCache();
    }

    /// <summary>The next tempered 32-bit output of MT19937 (NumPy's <c>next_uint32</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt32()
    {
        if (_sync is null) return NextUInt32Core();
        lock (_sync) return NextUInt32Core();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint NextUInt32Core()
    {
        if (_pos == StateLength) Twist();
        uint y = _key[_pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A 64-bit value from two 32-bit outputs, the first one in the high half (NumPy's <c>next_uint64</c>).</summary>
    public ulong NextUInt64()
    {
        if (_sync is null) return NextUInt64Core();
        lock (_sync) return NextUInt64Core();
    }

    private ulong NextUInt64Core()
    {
        ulong high = NextUInt32Core();
        return (high << 32) | NextUInt32Core();
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits (NumPy's <c>random_sample()</c>).</summary>
    /// <remarks><c>a = next32 ≫ 5</c> (27 bits, drawn first), <c>b = next32 ≫ 6</c> (26 bits),
    /// result <c>(a · 2²⁶ + b) / 2⁵³</c>.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble()
    {
        if (_sync is null) return NextDoubleCore();
        lock (_sync) return NextDoubleCore();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double NextDoubleCore()
    {
        uint a = NextUInt32Core() >> 5;
        uint b = NextUInt32Core() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>Fills <paramref name="destination"/> in order with <see cref="NextDouble"/>, as <c>random_sample(n)</c>.</summary>
    public void RandomSample(Span<double> destination)
    {
        if (_sync is null)
        {
            RandomSampleCore(destination);
            return;
        }
        lock (_sync) RandomSampleCore(destination);
    }

    private void RandomSampleCore(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = NextDoubleCore();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Twist()
    {
        uint[] mt = _key;
        int k = 0;
        uint y;
        for (; k < StateLength - Shift; k++)
        {
            y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + Shift] ^ (y >> 1) ^ ((y & 1U) * MatrixA);
        }
        for (; k < StateLength - 1; k++)
        {
            y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + Shift - StateLength] ^ (y >> 1) ^ ((y & 1U) * MatrixA);
        }
        y = (mt[StateLength - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[StateLength - 1] = mt[Shift - 1] ^ (y >> 1) ^ ((y & 1U) * MatrixA);
        _pos = 0;
    }

    private sealed class Restore(RandomState? previous) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (_done) return;
            s_override.Value = previous;
            _done = true;
        }
    }
}
