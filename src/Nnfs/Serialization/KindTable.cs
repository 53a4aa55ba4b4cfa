using Nnfs.Descriptions;

namespace Nnfs.Serialization;

/// <summary>One row of a table of known kinds: the kind's name, the one type it describes, how to read it back, and
/// (optimizers) the state slots it keeps per parameter.</summary>
/// <param name="Kind">The name in the file (e.g. <c>"dense"</c>).</param>
/// <param name="Type">The type whose <see cref="IDescribable.Describe"/> gives this kind.</param>
/// <param name="Read">Builds a new part from the description's fields (all but <c>kind</c>), reading each of them.</param>
/// <param name="Slots">The optimizer state slots saved with the parameters (empty for the other parts).</param>
internal sealed record KindRow<T>(string Kind, Type Type, Func<DescriptionFields, T> Read, params string[] Slots) where T : class;

/// <summary>The fixed table of the kinds of one sort of part (layers, losses, accuracies or optimizers): which
/// descriptions may be saved, and how each kind is read back.</summary>
/// <param name="what">The sort of part, for messages (e.g. "layer").</param>
/// <param name="rows">The kinds, in the order messages list them.</param>
internal sealed class KindTable<T>(string what, params KindRow<T>[] rows) where T : class
{
    /// <summary>The rows in order.</summary>
    public IReadOnlyList<KindRow<T>> Rows { get; } = rows;

    /// <summary>The row of <paramref name="kind"/>, or null.</summary>
    public KindRow<T>? Find(string kind) => Array.Find(rows, r => r.Kind == kind);

    /// <summary>The row of <paramref name="part"/>'s type, or null when the table has none.</summary>
    public KindRow<T>? RowOf(T part) => Array.Find(rows, r => r.Type == part.GetType());

    /// <summary>
    /// The description of <paramref name="part"/>, when it describes itself as the kind this table lists for its type.
    /// </summary>
    /// <param name="part">The part.</param>
    /// <param name="subject">How messages name the part (e.g. "Layer 3 (Custom)").</param>
    /// <exception cref="NotSupportedException">The part's type is not in the table, or its description names another
    /// kind.</exception>
    public Description Describe(T part, string subject)
    {
        var row = RowOf(part);
        var description = (part as IDescribable)?.Describe();
        if (row is null || description is null || description.Kind != row.Kind)
            throw new NotSupportedException($"{subject} cannot be saved: the nnfs format knows the {what} kinds "
                + string.Join(", ", rows.Select(r => $"{r.Kind} ({r.Type.Name})")) + ".");
        return description;
    }

    /// <summary>Reads a part: its <c>kind</c>, then the row's fields; refuses unknown kinds and unread fields.</summary>
    /// <exception cref="ModelFormatException">The kind is unknown, or a field is missing, unknown or invalid.</exception>
    public T Read(DescriptionFields fields)
    {
        string kind = fields.String("kind");
        var row = Find(kind) ?? throw fields.Error($"has the unknown kind '{kind}' (known: {string.Join(", ", rows.Select(r => r.Kind))}).");
        var part = row.Read(fields);
        fields.End();
        return part;
    }
}
