using System.Text.Json;

namespace Nnfs.Serialization;

/// <summary>Reads the fields of one JSON object, refusing wrong types, repeated names and unknown fields.</summary>
internal sealed class DescriptionFields
{
    private readonly JsonElement _element;
    private readonly string _what;
    private readonly int _index;
    private readonly string _source;
    private readonly Action<int, int, int>? _checkSizes;
    private readonly string _entry;
    private readonly List<string> _read = new(8);

    /// <param name="element">The object.</param>
    /// <param name="what">What it is, for messages (e.g. "layer").</param>
    /// <param name="index">Its index in a list, appended to <paramref name="what"/>, or -1.</param>
    /// <param name="source">The file, for messages.</param>
    /// <param name="checkSizes">For a layer: called by <see cref="CheckSizes"/> with (layer index, inputs, neurons), to
    /// check sizes against the file's tensors before anything of those sizes is allocated; it throws to refuse them.</param>
    /// <param name="entry">The metadata entry the object is in, for messages (default <c>model</c>).</param>
    public DescriptionFields(JsonElement element, string what, int index, string source, Action<int, int, int>? checkSizes = null,
        string entry = "model")
    {
        _entry = entry;
        _element = element;
        _what = what;
        _index = index;
        _source = source;
        _checkSizes = checkSizes;
        if (element.ValueKind != JsonValueKind.Object)
            throw Error($"must be a JSON object, found a JSON {element.ValueKind}.");
    }

    /// <summary>Checks a layer's parameter sizes against the file before they are allocated (see the constructor).</summary>
    public void CheckSizes(int inputs, int neurons) => _checkSizes?.Invoke(_index, inputs, neurons);

    /// <summary>What the object is, for messages (built only when needed).</summary>
    public string Where => _index < 0 ? _what : $"{_what} {_index}";

    public ModelFormatException Error(string problem, Exception? inner = null) =>
        new(_source, $"in the '{_entry}' metadata, {Where} {problem}", inner);

    /// <summary>Looks a field up without allocating; remembers that it was read.</summary>
    private bool TryGet(string name, out JsonElement value)
    {
        if (!_element.TryGetProperty(name, out value)) return false;
        if (!_read.Contains(name)) _read.Add(name);
        return true;
    }

    public JsonElement Required(string name, JsonValueKind kind)
    {
        if (!TryGet(name, out var value))
            throw Error($"lacks the field '{name}'.");
        if (value.ValueKind != kind)
            throw Error($"field '{name}' must be a JSON {kind}, found '{value}'.");
        return value;
    }

    /// <summary>The field, or null when it is missing or JSON null.</summary>
    public JsonElement? Optional(string name) =>
        TryGet(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string String(string name) => Required(name, JsonValueKind.String).GetString()!;

    public bool Boolean(string name)
    {
        if (!TryGet(name, out var value))
            throw Error($"lacks the field '{name}'.");
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw Error($"field '{name}' must be true or false, found '{value}'.");
        return value.GetBoolean();
    }

    public double Double(string name)
    {
        var e = Required(name, JsonValueKind.Number);
        if (!e.TryGetDouble(out double v) || !double.IsFinite(v))
            throw Error($"field '{name}' must be a finite number, found '{e}'.");
        return v;
    }

    public float Single(string name)
    {
        var e = Required(name, JsonValueKind.Number);
        if (!e.TryGetSingle(out float v) || !float.IsFinite(v))
            throw Error($"field '{name}' must be a finite float32 number, found '{e}'.");
        return v;
    }

    public long Int64(string name)
    {
        var e = Required(name, JsonValueKind.Number);
        if (!e.TryGetInt64(out long v))
            throw Error($"field '{name}' must be an integer, found '{e}'.");
        return v;
    }

    public int Int32(string name)
    {
        var e = Required(name, JsonValueKind.Number);
        if (!e.TryGetInt32(out int v))
            throw Error($"field '{name}' must be a 32-bit integer, found '{e}'.");
        return v;
    }

    /// <summary>Runs a constructor or setter, turning its argument checks into a format error.</summary>
    public T Construct<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            throw Error($"has an invalid value: {ex.Message}", ex);
        }
    }

    /// <summary>Refuses fields that were not read, and repeated ones (names are only built for the message).</summary>
    public void End()
    {
        int count = 0;
        foreach (var _ in _element.EnumerateObject()) count++;
        if (count == _read.Count) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in _element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
                throw Error($"names the field '{property.Name}' twice.");
            if (!_read.Contains(property.Name))
                throw Error($"has the unknown field '{property.Name}'.");
        }
    }
}
