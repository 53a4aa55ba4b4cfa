using System.Text;
using System.Text.Json;

namespace Nnfs.Serving;

/// <summary>
/// The page at <c>GET /</c>: one self-contained HTML file embedded in the assembly (no external scripts, styles or
/// fonts), with the served model's description written into it.
/// </summary>
internal static class IndexPage
{
    private const string Placeholder = "\"__NNFS_CONFIG__\"";

    /// <summary>The page for <paramref name="model"/>.</summary>
    public static string Render(ServedModel model, NnfsServingOptions options)
    {
        using var stream = typeof(IndexPage).Assembly.GetManifestResourceStream("Nnfs.Serving.index.html")
            ?? throw new InvalidOperationException("the page resource Nnfs.Serving.index.html is missing from the assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace(Placeholder, Config(model, options), StringComparison.Ordinal);
    }

    /// <summary>
    /// The model's description as a JavaScript object literal; the default encoder escapes <c>&lt;</c>, <c>&gt;</c> and
    /// <c>&amp;</c>, so nothing in it can end the script element.
    /// </summary>
    private static string Config(ServedModel model, NnfsServingOptions options)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name", model.Name);
            w.WriteString("kind", model.IsImage ? "image" : "features");
            w.WriteNumber("inputLength", model.InputLength);
            w.WriteNumber("height", model.ImageHeight);
            w.WriteNumber("width", model.ImageWidth);
            w.WriteBoolean("isClassifier", model.IsClassifier);
            w.WriteStartArray("classNames");
            foreach (string name in model.ClassNames) w.WriteStringValue(name);
            w.WriteEndArray();
            if (model.FeatureNames is { } features)
            {
                w.WriteStartArray("featureNames");
                foreach (string name in features) w.WriteStringValue(name);
                w.WriteEndArray();
            }
            if (options.ApiKey is not null) w.WriteString("apiKeyHeader", options.ApiKeyHeader);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
