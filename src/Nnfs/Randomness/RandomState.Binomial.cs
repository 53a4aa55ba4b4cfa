namespace Nnfs.Randomness;

public sealed partial class RandomState
{
    /// <summary>Largest n·min(p, 1−p) that NumPy draws by inversion; above it NumPy uses BTPE.</summary>
    private const double InversionLimit = 30.0;

    // Constants of the inversion sampler for the last (n, p), as NumPy's binomial_t cache keeps them.
    private long _binN = -1;
    private double _binP = double.NaN;
    private double _binQ, _binQn;
    private long _binBound;

    private void ResetBinomialCache()
    {
        _binN = -1;
        _binP = double.NaN;
    }

    /// <summary>
    /// A binomial draw: the number of successes in <paramref name="n"/> trials of probability <paramref name="p"/>,
    /// as NumPy's legacy <c>np.random.binomial(n, p)</c> (the book's dropout uses <c>binomial(1, keep)</c>).
    /// </summary>
    /// <remarks>
    /// <para>NumPy's <c>legacy_random_binomial</c>: if <c>p ≤ 0.5</c>, draw with parameter p; otherwise draw
    /// <c>X</c> with <c>q = 1 − p</c> and return <c>n − X</c>. The draw is by inversion when
    /// <c>n·min(p, 1−p) ≤ 30</c>: <c>qn = exp(n·ln(1−p))</c>, <c>px = qn</c>, <c>U = </c><see cref="NextDouble"/>; while
    /// <c>U &gt; px</c>: <c>X += 1</c>; if <c>X &gt; bound = ⌊min(n, np + 10·√(np·q + 1))⌋</c> restart with X = 0 and a new
    /// U, else <c>U −= px</c>, <c>px = (n − X + 1)·p·px / (X·q)</c>.</para>
    /// <para>BTPE, NumPy's algorithm for <c>n·min(p, 1−p) &gt; 30</c>, is not implemented: that range throws
    /// <see cref="NotSupportedException"/> (the book only draws <c>binomial(1, p)</c>).</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> &lt; 0, or <paramref name="p"/> outside [0, 1] or NaN.</exception>
    /// <exception cref="NotSupportedException">n·min(p, 1−p) &gt; 30 (NumPy would use BTPE).</exception>
    public long Binomial(long n, double p)
    {
        if (_sync is null) return BinomialCore(n, p);
        lock (_sync) return BinomialCore(n, p);
    }

    private long BinomialCore(long n, double p)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "binomial needs n >= 0.");
        if (!(p >= 0.0 && p <= 1.0)) throw new ArgumentOutOfRangeException(nameof(p), p, "binomial needs 0 <= p <= 1 (and p not NaN).");
        if (p <= 0.5)
        {
            if (p * n <= InversionLimit) return BinomialInversion(n, p);
            throw BtpeNotSupported(n, p);
        }
        double q = 1.0 - p;
        if (q * n <= InversionLimit) return n - BinomialInversion(n, q);
        throw BtpeNotSupported(n, p);
    }

    /// <summary>
    /// Fills a dropout mask: <paramref name="scale"/> where NumPy's <c>binomial(1, keepProbability)</c> gives 1 and 0
    /// where it gives 0, drawing from the generator exactly as <c>np.random.binomial(1, keep, size)</c> does, one
    /// element after the other.
    /// </summary>
    /// <remarks>
    /// <para>This is <see cref="Binomial"/> with n = 1, specialised: with <c>p' = min(keep, 1 − keep)</c>,
    /// <c>qn = exp(ln(1 − p'))</c> and <c>px₁ = p'·qn / (1 − p')</c>, each element draws
    /// <c>U = </c><see cref="NextDouble"/>; <c>X = 0</c> if <c>U ≤ qn</c>, else <c>X = 1</c> if <c>U − qn ≤ px₁</c>,
    /// else (probability about 1e-16) NumPy's inversion restarts with a new U. The drawn value is X when
    /// keep ≤ 0.5 and 1 − X otherwise. So in the common case one <see cref="NextDouble"/> per element: for the book's
    /// keep = 0.9, an element is kept when <c>U ≤ 0.9</c>.</para>
    /// <para>The book computes <c>binomial(1, keep, shape) / keep</c>; pass <c>scale = (float)(1 / keep)</c> for that
    /// (the book's mask is float64, see the dropout layer), or 1 for a plain 0/1 mask.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keepProbability"/> outside [0, 1] or NaN.</exception>
    public void BinomialMask(Span<float> mask, double keepProbability, float scale)
    {
        if (_sync is null)
        {
            BinomialMaskCore(mask, keepProbability, scale);
            return;
        }
        lock (_sync) BinomialMaskCore(mask, keepProbability, scale);
    }

    private void BinomialMaskCore(Span<float> mask, double keepProbability, float scale)
    {
        if (!(keepProbability >= 0.0 && keepProbability <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(keepProbability), keepProbability, "keep probability must be in [0, 1] (and not NaN).");
        bool flip = keepProbability > 0.5;
        double p = flip ? 1.0 - keepProbability : keepProbability;
        double q = 1.0 - p;
        double qn = Math.Exp(1.0 * Math.Log(q));
        double px1 = p * qn / q;
        float whenZero = flip ? scale : 0f;
        float whenOne = flip ? 0f : scale;
        for (int i = 0; i < mask.Length; i++)
        {
            while (true)
            {
                double u = NextDoubleCore();
                if (u <= qn) { mask[i] = whenZero; break; }
                if (u - qn <= px1) { mask[i] = whenOne; break; }
            }
        }
    }

    private long BinomialInversion(long n, double p)
    {
        if (n != _binN || !p.Equals(_binP))
        {
            _binN = n;
            _binP = p;
            _binQ = 1.0 - p;
            _binQn = Math.Exp(n * Math.Log(_binQ));
            double np = n * p;
            _binBound = (long)Math.Min(n, np + 10.0 * Math.Sqrt(np * _binQ + 1));
        }
        double q = _binQ, qn = _binQn;
        long bound = _binBound;
        long x = 0;
        double px = qn;
        double u = NextDoubleCore();
        while (u > px)
        {
            x++;
            if (x > bound)
            {
                x = 0;
                px = qn;
                u = NextDoubleCore();
            }
            else
            {
                u -= px;
                px = (n - x + 1) * p * px / (x * q);
            }
        }
        return x;
    }

    private static NotSupportedException BtpeNotSupported(long n, double p) =>
        new($"binomial(n={n}, p={p}): n·min(p, 1−p) > 30, where NumPy uses the BTPE algorithm, which is not implemented; only the inversion range (n·min(p, 1−p) <= 30) is supported.");
}
