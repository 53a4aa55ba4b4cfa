namespace Nnfs.Randomness;

public sealed partial class RandomState
{
    /// <summary>
    /// A copy of the generator's state (NumPy's <c>get_state()</c>): a generator given it by <see cref="SetState"/>
    /// draws the same values from then on as this one.
    /// </summary>
    public GeneratorState GetState()
    {
        if (_sync is null) return GetStateCore();
        lock (_sync) return GetStateCore();
    }

    /// <summary>
    /// Replaces the generator's state (NumPy's <c>set_state()</c>) with one from <see cref="GetState"/>; everything is
    /// checked before anything changes.
    /// </summary>
    /// <remarks>The binomial sampler's cached constants are cleared: they depend only on (n, p) and are recomputed by
    /// the next draw, so the values drawn do not change.</remarks>
    /// <exception cref="ArgumentException">The key is not 624 words or is all zeros (MT19937 would only ever output
    /// zeros), the position is outside 0 … 624, or a cached Gaussian is not finite.</exception>
    public void SetState(GeneratorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var key = state.Key ?? throw new ArgumentException("SetState: the key is null.", nameof(state));
        if (key.Length != StateLength)
            throw new ArgumentException($"SetState: the key has {key.Length} words, expected {StateLength}.", nameof(state));
        if (!key.AsSpan().ContainsAnyExcept(0u))
            throw new ArgumentException("SetState: the key is all zeros.", nameof(state));
        if (state.Position is < 0 or > StateLength)
            throw new ArgumentException($"SetState: the position {state.Position} is outside 0 … {StateLength}.", nameof(state));
        if (state.HasGauss && !double.IsFinite(state.Gauss))
            throw new ArgumentException($"SetState: the cached Gaussian {state.Gauss} is not finite.", nameof(state));
        if (_sync is null)
        {
            SetStateCore(state);
            return;
        }
        lock (_sync) SetStateCore(state);
    }

    private GeneratorState GetStateCore() => new((uint[])_key.Clone(), _pos, _hasGauss, _hasGauss ? _gauss : 0.0);

    private void SetStateCore(GeneratorState state)
    {
        state.Key.CopyTo(_key, 0);
        _pos = state.Position;
        _hasGauss = state.HasGauss;
        _gauss = state.HasGauss ? state.Gauss : 0.0;
        ResetBinomialCache();
    }
}
