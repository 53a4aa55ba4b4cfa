using Nnfs.Tensors;

namespace Nnfs.Serialization;

/// <summary>
/// The content of a safetensors file as this library uses it: named 2-D float32 tensors and a string-to-string
/// metadata map (the <c>__metadata__</c> entry of the header).
/// </summary>
/// <remarks>
/// Layout (see <c>docs/model-format.md</c>): an unsigned 64-bit little-endian header length <c>N</c>, <c>N</c> bytes of
/// UTF-8 JSON <c>{"__metadata__": {...}, "name": {"dtype": "F32", "shape": [rows, columns], "data_offsets":
/// [begin, end]}, ...}</c> padded with spaces, then the data section: each tensor's values row-major, little-endian,
/// at <c>[begin, end)</c> relative to the start of the data section. Only <c>F32</c> tensors of rank 2 are supported.
/// </remarks>
public sealed class SafeTensorsFile
{
    /// <summary>
    /// The metadata key holding the checksum as 64 lowercase hexadecimal digits: the SHA-256 of the canonical header
    /// without this entry followed by the data section (see <see cref="ChecksumScope.HeaderAndData"/>). The writer
    /// always sets it; the reader verifies it when present, and also accepts the SHA-256 of the data section alone
    /// (<see cref="ChecksumScope.Data"/>, version-1 nnfs files).
    /// </summary>
    public const string ChecksumKey = "checksum";

    private readonly List<KeyValuePair<string, Matrix>> _tensors = [];
    private readonly Dictionary<string, Matrix> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates the content from tensors (kept in the given order) and metadata.</summary>
    /// <param name="tensors">Named tensors; names must be non-empty, unique and not <c>__metadata__</c>.</param>
    /// <param name="metadata">String-to-string metadata, or null for none.</param>
    /// <exception cref="ArgumentException">A name is empty, repeated or reserved, or a name, key or value is not valid
    /// UTF-16 text (it holds a lone surrogate, which a file cannot store).</exception>
    public SafeTensorsFile(IEnumerable<KeyValuePair<string, Matrix>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        : this(tensors, metadata, ChecksumScope.None)
    {
    }

    /// <summary>
    /// Content for other tools, whose tensors named in <paramref name="vectors"/> are written 1-D, with shape
    /// <c>[columns]</c>; each of them must be a matrix of one row. <see cref="SafeTensorsReader"/> reads only 2-D tensors.
    /// </summary>
    /// <exception cref="ArgumentException">A vector name is not a tensor, or its tensor has more than one row.</exception>
    internal SafeTensorsFile(IEnumerable<KeyValuePair<string, Matrix>> tensors, IReadOnlyDictionary<string, string>? metadata, IReadOnlySet<string> vectors)
        : this(tensors, metadata, ChecksumScope.None)
    {
        foreach (string name in vectors)
            if (Find(name) is not { Rows: 1 })
                throw new ArgumentException($"'{name}' must name a tensor of one row to be written as a vector.", nameof(vectors));
        Vectors = vectors;
    }

    internal SafeTensorsFile(IEnumerable<KeyValuePair<string, Matrix>> tensors, IReadOnlyDictionary<string, string>? metadata, ChecksumScope scope)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var (name, value) in tensors)
        {
            ArgumentNullException.ThrowIfNull(value, nameof(tensors));
            if (string.IsNullOrEmpty(name))
                throw new ArgumentException("A tensor name must not be empty.", nameof(tensors));
            if (name == SafeTensorsReader.MetadataKey)
                throw new ArgumentException($"'{name}' is reserved for the metadata and cannot name a tensor.", nameof(tensors));
            if (!IsText(name))
                throw new ArgumentException($"The tensor name '{name}' is not valid UTF-16 text (a lone surrogate).", nameof(tensors));
            if (!_byName.TryAdd(name, value))
                throw new ArgumentException($"The tensor name '{name}' appears twice.", nameof(tensors));
            _tensors.Add(new(name, value));
        }
        Metadata = metadata is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : metadata.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (key, value) in Metadata)
            if (!IsText(key) || !IsText(value))
                throw new ArgumentException($"The metadata entry '{key}' is not valid UTF-16 text (a lone surrogate).", nameof(metadata));
        ChecksumScope = scope;
    }

    /// <summary>True when every surrogate in <paramref name="value"/> is part of a pair.</summary>
    private static bool IsText(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (!char.IsSurrogate(value[i])) continue;
            if (!char.IsHighSurrogate(value[i]) || i + 1 == value.Length || !char.IsLowSurrogate(value[i + 1])) return false;
            i++;
        }
        return true;
    }

    /// <summary>The tensors: in file order after reading, in the given order before writing.</summary>
    public IReadOnlyList<KeyValuePair<string, Matrix>> Tensors => _tensors;

    /// <summary>The metadata map (after reading it includes <see cref="ChecksumKey"/> when the file had one).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>What the checksum verified when the file was read covers; <see cref="ChecksumScope.None"/> for content
    /// built in memory.</summary>
    public ChecksumScope ChecksumScope { get; }

    /// <summary>The names of the tensors written 1-D (empty for a model file).</summary>
    internal IReadOnlySet<string> Vectors { get; } = new HashSet<string>();

    /// <summary>The tensor called <paramref name="name"/>, or null.</summary>
    public Matrix? Find(string name) => _byName.GetValueOrDefault(name);
}
