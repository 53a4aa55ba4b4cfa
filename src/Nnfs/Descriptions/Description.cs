using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nnfs.Descriptions;

/// <summary>
/// What a layer, loss, accuracy or optimizer says about itself to be saved (Keras's <c>get_config</c>): its kind
/// and its settings, in order. The type writes it (<see cref="IDescribable.Describe"/>); the model file stores it as
/// one JSON object, and reading it back goes through the format's fixed table of kinds
/// (<see cref="Serialization.KnownKinds"/>), never through a type name.
/// </summary>
/// <remarks>
/// <para>JSON: <c>{"kind": Kind, name: value, …}</c>, the settings in the order they were added. A setting's value is a
/// 32- or 64-bit integer, a float32 or float64 number (written as the shortest text that reads back as the same value
/// of that type), a Boolean, or null.</para>
/// <para>Two descriptions are equal when their kinds, setting names, value types and values are equal, in order.</para>
/// </remarks>
public sealed class Description : IEquatable<Description>
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly List<KeyValuePair<string, object?>> _settings = [];

    /// <summary>Starts the description of a part of kind <paramref name="kind"/> (e.g. <c>"dense"</c>).</summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is null or empty.</exception>
    public Description(string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        Kind = kind;
    }

    /// <summary>The kind: the name of a row in the format's table of known kinds.</summary>
    public string Kind { get; }

    /// <summary>The settings in order; each value is an <see cref="int"/>, <see cref="long"/>, <see cref="float"/>,
    /// <see cref="double"/>, <see cref="bool"/> or null.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Settings => _settings;

    /// <summary>Adds a 32-bit integer setting; returns this description.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, <c>kind</c>, or already added.</exception>
    public Description With(string name, int value) => Add(name, value);

    /// <summary>Adds a 64-bit integer setting; returns this description.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, <c>kind</c>, or already added.</exception>
    public Description With(string name, long value) => Add(name, value);

    /// <summary>Adds a float32 setting; returns this description.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, <c>kind</c>, or already added, or the
    /// value is not finite (JSON has no NaN or infinity).</exception>
    public Description With(string name, float value) =>
        float.IsFinite(value) ? Add(name, value) : throw new ArgumentException($"Description '{Kind}': setting '{name}' is {value}, not a finite number.", nameof(value));

    /// <summary>Adds a float64 setting, or null when <paramref name="value"/> is null; returns this description.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, <c>kind</c>, or already added, or the
    /// value is not finite (JSON has no NaN or infinity).</exception>
    public Description With(string name, double? value) =>
        value is not double v || double.IsFinite(v) ? Add(name, value) : throw new ArgumentException($"Description '{Kind}': setting '{name}' is {v}, not a finite number.", nameof(value));

    /// <summary>Adds a Boolean setting; returns this description.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, <c>kind</c>, or already added.</exception>
    public Description With(string name, bool value) => Add(name, value);

    private Description Add(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        bool taken = name == "kind";
        foreach (var setting in _settings) taken |= setting.Key == name;
        if (taken)
            throw new ArgumentException($"Description '{Kind}': the setting '{name}' is already there.", nameof(name));
        _settings.Add(new(name, value));
        return this;
    }

    /// <summary>Writes the description as one JSON object value (see the class remarks).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public void WriteTo(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("kind", Kind);
        foreach (var (name, value) in _settings)
        {
            switch (value)
            {
                case null: json.WriteNull(name); break;
                case int i: json.WriteNumber(name, i); break;
                case long l: json.WriteNumber(name, l); break;
                case float f: json.WriteNumber(name, f); break;
                case double d: json.WriteNumber(name, d); break;
                case bool b: json.WriteBoolean(name, b); break;
            }
        }
        json.WriteEndObject();
    }

    /// <summary>The JSON object (see the class remarks), without whitespace.</summary>
    public override string ToString()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions)) WriteTo(json);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>True when <paramref name="other"/> has the same kind and the same settings in the same order, with
    /// values of the same types and equal values.</summary>
    public bool Equals(Description? other)
    {
        if (other is null || other.Kind != Kind || other._settings.Count != _settings.Count) return false;
        for (int i = 0; i < _settings.Count; i++)
            if (_settings[i].Key != other._settings[i].Key || !Equals(_settings[i].Value, other._settings[i].Value)) return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Description);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        foreach (var (name, value) in _settings)
        {
            hash.Add(name);
            hash.Add(value);
        }
        return hash.ToHashCode();
    }
}
