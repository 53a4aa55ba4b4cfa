namespace Nnfs.Randomness;

public sealed partial class RandomState
{
    /// <summary>
    /// A uniform integer in [0, <paramref name="max"/>] (both ends included), NumPy's <c>random_interval</c>, used by
    /// <c>shuffle</c> and <c>permutation</c>.
    /// </summary>
    /// <remarks>
    /// <c>mask</c> = the smallest all-ones bit mask ≥ max. If max ≤ 2³² − 1, draw <c>v = next32 ∧ mask</c> until
    /// <c>v ≤ max</c>; otherwise do the same with 64-bit draws (<see cref="NextUInt64"/>). max = 0 consumes nothing.
    /// </remarks>
    public ulong RandomInterval(ulong max)
    {
        if (_sync is null) return RandomIntervalCore(max);
        lock (_sync) return RandomIntervalCore(max);
    }

    private ulong RandomIntervalCore(ulong max)
    {
        if (max == 0) return 0;
        ulong mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        if (max <= uint.MaxValue)
        {
            uint max32 = (uint)max, mask32 = (uint)mask;
            uint v;
            while ((v = NextUInt32Core() & mask32) > max32) { }
            return v;
        }
        ulong value;
        while ((value = NextUInt64Core() & mask) > max) { }
        return value;
    }

    /// <summary>
    /// A uniform integer in [<paramref name="low"/>, <paramref name="high"/>) (high excluded), as NumPy's legacy
    /// <c>np.random.randint(low, high)</c> with the default int64 dtype.
    /// </summary>
    /// <remarks>
    /// With <c>range = high − 1 − low</c> (as an unsigned 64-bit number) the result is <c>low + v</c> where <c>v</c>
    /// is drawn by masked rejection exactly as <see cref="RandomInterval"/> (NumPy's <c>random_bounded_uint64</c> with
    /// <c>use_masked</c>; the legacy generator never uses Lemire's method). A range of 0 consumes nothing.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="low"/> ≥ <paramref name="high"/>.</exception>
    public long RandInt(long low, long high)
    {
        if (_sync is null) return RandIntCore(low, high);
        lock (_sync) return RandIntCore(low, high);
    }

    private long RandIntCore(long low, long high)
    {
        if (low >= high)
            throw new ArgumentException($"low >= high: randint needs low < high, got low={low}, high={high}.", nameof(low));
        ulong range = unchecked((ulong)(high - 1) - (ulong)low);
        return unchecked(low + (long)RandomIntervalCore(range));
    }

    /// <summary>
    /// Shuffles <paramref name="values"/> in place, as NumPy's legacy <c>np.random.shuffle</c> on a 1-D array (or
    /// along the first axis: shuffle row indices the same way).
    /// </summary>
    /// <remarks>Fisher–Yates from the end: for <c>i = n−1</c> down to 1, <c>j = </c><see cref="RandomInterval"/><c>(i)</c>,
    /// swap elements i and j.</remarks>
    public void Shuffle<T>(Span<T> values)
    {
        if (_sync is null)
        {
            ShuffleCore(values);
            return;
        }
        lock (_sync) ShuffleCore(values);
    }

    private void ShuffleCore<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i >= 1; i--)
        {
            int j = (int)RandomIntervalCore((ulong)i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    /// <summary>
    /// A random permutation of 0 … n−1, as <c>np.random.permutation(n)</c> (<c>arange(n)</c> then
    /// <see cref="Shuffle{T}"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public int[] Permutation(int n)
    {
        if (_sync is null) return PermutationCore(n);
        lock (_sync) return PermutationCore(n);
    }

    private int[] PermutationCore(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new int[n];
        for (int i = 0; i < n; i++) result[i] = i;
        ShuffleCore<int>(result);
        return result;
    }
}
