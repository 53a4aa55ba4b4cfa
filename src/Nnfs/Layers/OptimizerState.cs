using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Nnfs.Tensors;

namespace Nnfs.Layers;

/// <summary>
/// A parameter's optimizer state by slot name (the book's <c>weight_momentums</c>, <c>weight_cache</c> …): a
/// dictionary for its users (saving, loading, resuming), whose two known slots <see cref="MomentumSlot"/> and
/// <see cref="CacheSlot"/> the optimizers read from fields, so that no update looks a slot up by name.
/// </summary>
/// <remarks>
/// Every change by name (<c>state[slot] = m</c>, <see cref="Add(string, Matrix)"/>, <see cref="Remove(string)"/>,
/// <see cref="Clear"/>) updates the fields, so the optimizer sees exactly what the dictionary holds. Other slot names
/// are kept but not used by the optimizers. Slot names compare ordinally.
/// Once a model's store holds the slots (<see cref="Bind"/>, on its first training step), the two known slots are
/// views into the store's slot arrays: a matrix of the parameter's shape set by name is copied into its view (the
/// slot then holds the view, not the matrix given), one of another shape is kept as given (and refused by the
/// optimizer), and removing a slot clears its view.
/// </remarks>
public sealed class OptimizerState : IDictionary<string, Matrix>
{
    /// <summary>The slot of the momentums (<c>momentum</c>).</summary>
    public const string MomentumSlot = "momentum";

    /// <summary>The slot of the squared-gradient caches (<c>cache</c>).</summary>
    public const string CacheSlot = "cache";

    private readonly Dictionary<string, Matrix> _slots = new(StringComparer.Ordinal);
    private Matrix? _momentumView, _cacheView;

    /// <summary>The matrix in <see cref="MomentumSlot"/>, or null.</summary>
    internal Matrix? Momentum { get; private set; }

    /// <summary>The matrix in <see cref="CacheSlot"/>, or null.</summary>
    internal Matrix? Cache { get; private set; }

    /// <summary>The matrix in slot <paramref name="slot"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="slot"/> or the value is null.</exception>
    /// <exception cref="KeyNotFoundException">Getting a slot that is missing.</exception>
    public Matrix this[string slot]
    {
        get => _slots[slot];
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _slots[slot] = Place(slot, value);
            Refresh(slot);
        }
    }

    /// <summary>The slot names.</summary>
    public Dictionary<string, Matrix>.KeyCollection Keys => _slots.Keys;

    /// <summary>The slot matrices.</summary>
    public Dictionary<string, Matrix>.ValueCollection Values => _slots.Values;

    /// <summary>The number of slots.</summary>
    public int Count => _slots.Count;

    bool ICollection<KeyValuePair<string, Matrix>>.IsReadOnly => false;

    ICollection<string> IDictionary<string, Matrix>.Keys => _slots.Keys;

    ICollection<Matrix> IDictionary<string, Matrix>.Values => _slots.Values;

    /// <summary>Adds a slot.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="slot"/> or <paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentException">The slot exists already.</exception>
    public void Add(string slot, Matrix value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_slots.ContainsKey(slot)) throw new ArgumentException($"Optimizer state slot '{slot}' exists already.", nameof(slot));
        _slots.Add(slot, Place(slot, value));
        Refresh(slot);
    }

    /// <summary>Removes a slot; false when it was missing.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="slot"/> is null.</exception>
    public bool Remove(string slot)
    {
        bool removed = _slots.Remove(slot, out var old);
        if (removed) ClearIfView(old!);
        Refresh(slot);
        return removed;
    }

    /// <summary>Removes every slot.</summary>
    public void Clear()
    {
        var removed = _slots.Values.ToArray();
        _slots.Clear();
        foreach (var m in removed) ClearIfView(m);
        Momentum = Cache = null;
    }

    /// <summary>Whether slot <paramref name="slot"/> exists.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="slot"/> is null.</exception>
    public bool ContainsKey(string slot) => _slots.ContainsKey(slot);

    /// <summary>The matrix in <paramref name="slot"/>, when it exists.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="slot"/> is null.</exception>
    public bool TryGetValue(string slot, [MaybeNullWhen(false)] out Matrix value) => _slots.TryGetValue(slot, out value);

    /// <summary>The slots, in no particular order.</summary>
    public Dictionary<string, Matrix>.Enumerator GetEnumerator() => _slots.GetEnumerator();

    IEnumerator<KeyValuePair<string, Matrix>> IEnumerable<KeyValuePair<string, Matrix>>.GetEnumerator() => _slots.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _slots.GetEnumerator();

    void ICollection<KeyValuePair<string, Matrix>>.Add(KeyValuePair<string, Matrix> item) => Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, Matrix>>.Contains(KeyValuePair<string, Matrix> item) =>
        ((ICollection<KeyValuePair<string, Matrix>>)_slots).Contains(item);

    void ICollection<KeyValuePair<string, Matrix>>.CopyTo(KeyValuePair<string, Matrix>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, Matrix>>)_slots).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, Matrix>>.Remove(KeyValuePair<string, Matrix> item)
    {
        bool removed = ((ICollection<KeyValuePair<string, Matrix>>)_slots).Remove(item);
        if (removed) ClearIfView(item.Value);
        Refresh(item.Key);
        return removed;
    }

    /// <summary>Makes <paramref name="momentum"/> and <paramref name="cache"/> (zeros, the parameter's shape, in a
    /// store's slot arrays) the views of the two known slots; a slot present with their shape is copied in.</summary>
    internal void Bind(Matrix momentum, Matrix cache)
    {
        _momentumView = momentum;
        _cacheView = cache;
        foreach (var slot in (ReadOnlySpan<string>)[MomentumSlot, CacheSlot])
        {
            if (!_slots.TryGetValue(slot, out var m)) continue;
            _slots[slot] = Place(slot, m);
            Refresh(slot);
        }
    }

    /// <summary>Sets <paramref name="slot"/> to zeros of the given shape (its view, cleared, when it has one of that
    /// shape) and returns it.</summary>
    internal Matrix Zeros(string slot, int rows, int columns)
    {
        var view = ViewOf(slot);
        Matrix m;
        if (view is not null && view.Rows == rows && view.Columns == columns)
        {
            view.Reshape(rows, columns);
            view.Clear();
            m = view;
        }
        else
        {
            m = new Matrix(rows, columns);
        }
        _slots[slot] = m;
        Refresh(slot);
        return m;
    }

    private Matrix? ViewOf(string slot) =>
        string.Equals(slot, MomentumSlot, StringComparison.Ordinal) ? _momentumView
        : string.Equals(slot, CacheSlot, StringComparison.Ordinal) ? _cacheView : null;

    // The matrix a slot holds when set to value: its view with value's elements copied in, when shapes match.
    private Matrix Place(string slot, Matrix value)
    {
        var view = ViewOf(slot);
        if (view is null || ReferenceEquals(view, value) || view.Rows != value.Rows || view.Columns != value.Columns) return value;
        value.CopyTo(view);
        return view;
    }

    // Zeros a removed matrix when it is a view no other slot still holds.
    private void ClearIfView(Matrix m)
    {
        if (!ReferenceEquals(m, _momentumView) && !ReferenceEquals(m, _cacheView)) return;
        if (_slots.Values.Any(other => ReferenceEquals(other, m))) return;
        m.Reshape(m.Rows, m.Columns);
        m.Clear();
    }

    private void Refresh(string slot)
    {
        if (string.Equals(slot, MomentumSlot, StringComparison.Ordinal)) Momentum = _slots.GetValueOrDefault(slot);
        else if (string.Equals(slot, CacheSlot, StringComparison.Ordinal)) Cache = _slots.GetValueOrDefault(slot);
    }
}
