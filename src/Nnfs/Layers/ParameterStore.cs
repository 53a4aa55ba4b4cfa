using Nnfs.Tensors;

namespace Nnfs.Layers;

/// <summary>
/// A model's parameters in one array of values and one of gradients: each <see cref="Parameter"/>'s
/// <see cref="Parameter.Value"/> and <see cref="Parameter.Gradient"/> become views into them (same matrices, same
/// values), in the order given, each starting on a 64-byte boundary of the array.
/// </summary>
/// <remarks>Built by <c>Model.Build</c>. The gaps between parameters hold zeros. A parameter moved into a later store
/// (a layer shared by two models) is a view into that one.</remarks>
internal sealed class ParameterStore
{
    /// <summary>Parameter offsets are multiples of this many floats (64 bytes, a cache line).</summary>
    public const int Alignment = 16;

    private readonly Parameter[] _parameters;
    private readonly int[] _offsets, _lengths;

    private ParameterStore(float[] values, float[] gradients, int[] offsets, Parameter[] parameters)
    {
        _parameters = parameters;
        _offsets = offsets;
        _lengths = parameters.Select(p => p.Value.Length).ToArray();
        Values = values;
        Gradients = gradients;
        Offsets = offsets;
    }

    /// <summary>Every parameter's values, at <see cref="Offsets"/>.</summary>
    public float[] Values { get; }

    /// <summary>Every parameter's gradients, at the same offsets.</summary>
    public float[] Gradients { get; }

    /// <summary>Where each parameter starts, in the order given to <see cref="MoveIn"/>.</summary>
    public IReadOnlyList<int> Offsets { get; }

    /// <summary>Every parameter's momentums (optimizer slot <c>momentum</c>), at <see cref="Offsets"/>; null until
    /// <see cref="AddSlots"/>.</summary>
    public float[]? Momentums { get; private set; }

    /// <summary>Every parameter's caches (optimizer slot <c>cache</c>), at <see cref="Offsets"/>; null until
    /// <see cref="AddSlots"/>.</summary>
    public float[]? Caches { get; private set; }

    /// <summary>Allocates <see cref="Momentums"/> and <see cref="Caches"/> (once; zeros in the gaps) and makes each
    /// parameter's two known optimizer slots views into them, a slot already present copied into its view (see
    /// <see cref="OptimizerState"/>). A parameter since moved into another store is left to that one.</summary>
    public void AddSlots()
    {
        if (Momentums is not null) return;
        var momentums = new float[Values.Length];
        var caches = new float[Values.Length];
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (!ReferenceEquals(p.Value.Buffer, Values) || p.Value.Offset != Offsets[i]) continue;
            p.OptimizerState.Bind(View(momentums, Offsets[i], p.Value), View(caches, Offsets[i], p.Value));
        }
        Momentums = momentums;
        Caches = caches;
    }

    /// <summary>
    /// Whether one update pass over the store's arrays updates exactly the parameters of <paramref name="layers"/>:
    /// they are this store's parameters in its order, and each one's value and gradient (and its momentum or cache,
    /// when asked for) are still float32 views of this store's arrays at its offset, of its length and shape.
    /// </summary>
    /// <remarks>False for the first training step (no slot created yet), a float64 gradient or slot (exact path),
    /// a slot replaced by a matrix of another shape, a parameter moved into a later store or reshaped, or a layer
    /// list other than the one the store was built from; the optimizer then updates parameter by parameter.</remarks>
    public bool CanUpdateInOnePass(IReadOnlyList<ITrainableLayer> layers, bool momentum, bool cache)
    {
        if ((momentum && Momentums is null) || (cache && Caches is null)) return false;
        int k = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            var parameters = layers[l].Parameters;
            for (int j = 0; j < parameters.Count; j++, k++)
            {
                if (k >= _parameters.Length || !ReferenceEquals(parameters[j], _parameters[k])) return false;
                var p = parameters[j];
                int offset = _offsets[k], length = _lengths[k];
                if (!IsView(p.Value, p.Value, Values, offset, length) || !IsView(p.Gradient, p.Value, Gradients, offset, length)) return false;
                if (momentum && !IsView(p.OptimizerState.Momentum, p.Value, Momentums!, offset, length)) return false;
                if (cache && !IsView(p.OptimizerState.Cache, p.Value, Caches!, offset, length)) return false;
            }
        }
        return k == _parameters.Length;
    }

    private static bool IsView(Matrix? m, Matrix value, float[] array, int offset, int length) =>
        m is not null && !m.IsFloat64 && ReferenceEquals(m.Buffer, array) && m.Offset == offset
        && m.Rows == value.Rows && m.Columns == value.Columns && m.Length == length;

    private static Matrix View(float[] array, int offset, Matrix shape)
    {
        var m = new Matrix(shape.Rows, shape.Columns);
        m.MoveTo(array, offset, shape.Length);
        return m;
    }

    /// <summary>Allocates the store for <paramref name="parameters"/> and moves each into it (values and gradients
    /// copied).</summary>
    /// <exception cref="InvalidOperationException">The parameters hold more than 2³¹ values together.</exception>
    public static ParameterStore MoveIn(IReadOnlyList<Parameter> parameters)
    {
        var offsets = new int[parameters.Count];
        long length = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            offsets[i] = (int)length;
            length += (parameters[i].Value.Length + Alignment - 1L) / Alignment * Alignment;
            if (length > Array.MaxLength)
                throw new InvalidOperationException($"The model's parameters hold more than {Array.MaxLength} values together.");
        }
        var store = new ParameterStore(new float[length], new float[length], offsets, parameters.ToArray());
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            p.Value.MoveTo(store.Values, offsets[i], p.Value.Length);
            p.Gradient.MoveTo(store.Gradients, offsets[i], p.Value.Length);
        }
        return store;
    }
}
