namespace Nnfs.Randomness;

public sealed partial class RandomState
{
    /// <summary>
    /// A standard normal double, NumPy's legacy Gaussian (<c>legacy_gauss</c>, the Marsaglia polar method), with the
    /// cached second value of each pair.
    /// </summary>
    /// <remarks>
    /// If a value is cached it is returned (and the cache cleared). Otherwise draw
    /// <c>x1 = 2·U − 1</c>, <c>x2 = 2·U − 1</c> (<c>U</c> = <see cref="NextDouble"/>) until
    /// <c>r² = x1² + x2²</c> is in (0, 1); with <c>f = √(−2·ln r² / r²)</c>, cache <c>f·x1</c> and return
    /// <c>f·x2</c>. The cache persists across calls and across the other methods (an odd-sized <c>randn</c> leaves a
    /// value that the next call returns first); only <see cref="Seed"/> clears it.
    /// </remarks>
    public double NextGaussian()
    {
        if (_sync is null) return NextGaussianCore();
        lock (_sync) return NextGaussianCore();
    }

    private double NextGaussianCore()
    {
        if (_hasGauss)
        {
            double cached = _gauss;
            _hasGauss = false;
            _gauss = 0.0;
            return cached;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * NextDoubleCore() - 1.0;
            x2 = 2.0 * NextDoubleCore() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        }
        while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> in order with standard normal doubles, as
    /// <c>np.random.standard_normal(n)</c> (or <c>randn</c> without <c>nnfs.init()</c>).
    /// </summary>
    /// <remarks>One <see cref="NextGaussian"/> per element, so the Gaussian cache carries over between calls.</remarks>
    public void StandardNormal(Span<double> destination)
    {
        if (_sync is null)
        {
            StandardNormalCore(destination);
            return;
        }
        lock (_sync) StandardNormalCore(destination);
    }

    private void StandardNormalCore(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = NextGaussianCore();
    }

    /// <summary>
    /// Fills <paramref name="destination"/> in order with standard normal values rounded to float32: the book's
    /// <c>np.random.randn(...)</c> under <c>nnfs.init()</c>, which wraps it as <c>randn(...).astype(float32)</c>.
    /// </summary>
    /// <remarks>Each value is <c>(float)</c><see cref="NextGaussian"/> (double Gaussian, rounded to nearest).</remarks>
    public void Randn(Span<float> destination)
    {
        if (_sync is null)
        {
            RandnCore(destination);
            return;
        }
        lock (_sync) RandnCore(destination);
    }

    private void RandnCore(Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = (float)NextGaussianCore();
    }
}
