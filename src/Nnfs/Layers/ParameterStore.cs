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

    private ParameterStore(float[] values, float[] gradients, int[] offsets)
    {
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
        var store = new ParameterStore(new float[length], new float[length], offsets);
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            p.Value.MoveTo(store.Values, offsets[i], p.Value.Length);
            p.Gradient.MoveTo(store.Gradients, offsets[i], p.Value.Length);
        }
        return store;
    }
}
