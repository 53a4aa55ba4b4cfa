using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nnfs.Datasets;

namespace Nnfs.Serialization;

/// <summary>
/// The model file's <c>input</c> and <c>class_names</c> metadata entries: a model's <see cref="InputPreparation"/> and
/// class names as JSON (<c>docs/model-format.md</c>, "Input and class names").
/// </summary>
/// <remarks>
/// <code>
/// {"kind":"image","height":28,"width":28,"center":127.5,"scale":127.5}
/// {"kind":"features","count":2,"names":["x","y"],"center":[0.1,-0.2],"scale":[1.5,0.9]}
/// ["T-shirt/top","Trouser",…]
/// </code>
/// <c>center</c> and <c>scale</c> are one number for every value or an array of one number per value; float32 values
/// are written as the shortest decimal that reads back to the same float32. <c>names</c> may be null.
/// </remarks>
internal static class InputDescription
{
    private const string ImageKind = "image";
    private const string FeaturesKind = "features";
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON text of <paramref name="input"/>.</summary>
    public static string ToJson(InputPreparation input) => Write(json =>
    {
        json.WriteStartObject();
        if (input.Kind == InputKind.Image)
        {
            json.WriteString("kind", ImageKind);
            json.WriteNumber("height", input.Height);
            json.WriteNumber("width", input.Width);
        }
        else
        {
            json.WriteString("kind", FeaturesKind);
            json.WriteNumber("count", input.Length);
            json.WritePropertyName("names");
            if (input.FeatureNames is { } names) WriteStrings(json, names);
            else json.WriteNullValue();
        }
        WriteValues(json, "center", input.IsUniform, input.UniformCenter, input.Center);
        WriteValues(json, "scale", input.IsUniform, input.UniformScale, input.Scale);
        json.WriteEndObject();
    });

    /// <summary>The JSON array of <paramref name="names"/>.</summary>
    public static string ClassNamesToJson(IReadOnlyList<string> names) => Write(json => WriteStrings(json, names));

    /// <summary>Reads the <c>input</c> entry.</summary>
    /// <exception cref="ModelFormatException">The JSON is malformed, has an unknown kind or field, or a value is out
    /// of range; the message names <paramref name="source"/>.</exception>
    public static InputPreparation Parse(string text, string source)
    {
        using var document = ParseDocument(text, source, ModelFile.InputKey);
        var root = new DescriptionFields(document.RootElement, "the input", -1, source, entry: ModelFile.InputKey);
        string kind = root.String("kind");
        InputPreparation result;
        if (kind == ImageKind)
        {
            int height = root.Int32("height"), width = root.Int32("width");
            if (height < 1 || width < 1 || (long)height * width > int.MaxValue)
                throw root.Error($"has an image of {height} × {width} pixels; each side must be at least 1 and the image at most {int.MaxValue} pixels.");
            int length = height * width;
            var (center, uniformCenter) = ReadValues(root, "center", length);
            var (scale, uniformScale) = ReadValues(root, "scale", length);
            result = Create(root, InputKind.Image, height, width, length, null, center, scale, uniformCenter, uniformScale);
        }
        else if (kind == FeaturesKind)
        {
            int count = root.Int32("count");
            if (count < 1) throw root.Error($"has {count} features; at least 1 is needed.");
            string[]? names = null;
            if (root.Optional("names") is { } list)
            {
                names = ReadStrings(list, count, "feature names", root.Error);
            }
            var (center, uniformCenter) = ReadValues(root, "center", count);
            var (scale, uniformScale) = ReadValues(root, "scale", count);
            result = Create(root, InputKind.Features, 0, 0, count, names, center, scale, uniformCenter, uniformScale);
        }
        else
        {
            throw root.Error($"has the unknown kind '{kind}' (expected '{ImageKind}' or '{FeaturesKind}').");
        }
        root.End();
        return result;
    }

    /// <summary>Reads the <c>class_names</c> entry: a JSON array of strings.</summary>
    /// <exception cref="ModelFormatException">It is not an array of strings; the message names <paramref name="source"/>.</exception>
    public static string[] ParseClassNames(string text, string source)
    {
        using var document = ParseDocument(text, source, ModelFile.ClassNamesKey);
        return ReadStrings(document.RootElement, -1, "class names",
            (problem, _) => new ModelFormatException(source, $"the '{ModelFile.ClassNamesKey}' metadata {problem}"));
    }

    private static InputPreparation Create(DescriptionFields root, InputKind kind, int height, int width, int length, string[]? names,
        float[]? center, float[]? scale, float uniformCenter, float uniformScale)
    {
        // One representation for both: when only one of them varies per value, the other is spread out too.
        if ((center is null) != (scale is null))
        {
            center ??= Enumerable.Repeat(uniformCenter, length).ToArray();
            scale ??= Enumerable.Repeat(uniformScale, length).ToArray();
        }
        return InputPreparation.FromParts(kind, height, width, length, names, center, scale, uniformCenter, uniformScale);
    }

    private static (float[]? Values, float Uniform) ReadValues(DescriptionFields root, string name, int length)
    {
        var element = root.Optional(name) ?? throw root.Error($"lacks the field '{name}'.");
        if (element.ValueKind == JsonValueKind.Number)
        {
            float value = ReadFloat(root, name, element, -1);
            return (null, value);
        }
        if (element.ValueKind != JsonValueKind.Array)
            throw root.Error($"field '{name}' must be a number or an array of numbers, found a JSON {element.ValueKind}.");
        int count = element.GetArrayLength();
        if (count != length)
            throw root.Error($"field '{name}' has {count} values for {length} values per sample.");
        var values = new float[count];
        int i = 0;
        foreach (var item in element.EnumerateArray()) values[i] = ReadFloat(root, name, item, i++);
        return (values, 0f);
    }

    private static float ReadFloat(DescriptionFields root, string name, JsonElement element, int index)
    {
        string where = index < 0 ? $"field '{name}'" : $"field '{name}' value {index}";
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetSingle(out float value) || !float.IsFinite(value))
            throw root.Error($"{where} must be a finite float32 number, found '{element}'.");
        if (name == "scale" && value == 0)
            throw root.Error($"{where} is 0; a scale divides and must not be 0.");
        return value;
    }

    private static string[] ReadStrings(JsonElement list, int expected, string what, Func<string, Exception?, ModelFormatException> error)
    {
        if (list.ValueKind != JsonValueKind.Array)
            throw error($"must be an array of {what}, found a JSON {list.ValueKind}.", null);
        int count = list.GetArrayLength();
        if (expected >= 0 && count != expected)
            throw error($"has {count} {what} for {expected} values.", null);
        var names = new string[count];
        int i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw error($"must list {what} as strings, found '{item}' at position {i}.", null);
            names[i++] = item.GetString()!;
        }
        return names;
    }

    private static JsonDocument ParseDocument(string text, string source, string key)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = SafeTensorsReader.MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException(source, $"the '{key}' metadata is not valid JSON ({ex.Message}).", ex);
        }
        if (JsonTextCheck.HasLoneSurrogate(utf8))
        {
            document.Dispose();
            throw new ModelFormatException(source, $"the '{key}' metadata holds a string with a lone UTF-16 surrogate escape (such as \\ud800), which is not text.");
        }
        return document;
    }

    private static void WriteValues(Utf8JsonWriter json, string name, bool uniform, float value, IReadOnlyList<float> values)
    {
        if (uniform)
        {
            json.WriteNumber(name, value);
            return;
        }
        json.WriteStartArray(name);
        for (int i = 0; i < values.Count; i++) json.WriteNumberValue(values[i]);
        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, IReadOnlyList<string> names)
    {
        json.WriteStartArray();
        foreach (string name in names) json.WriteStringValue(name);
        json.WriteEndArray();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions)) write(json);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
