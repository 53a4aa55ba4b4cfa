using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nnfs.Cli.Commands;

/// <summary>Writes predictions in a <see cref="PredictionFormat"/>.</summary>
/// <remarks>
/// JSON: <c>[{"source":"x.png","inverted":false,"truth":null,"top":[{"rank":1,"class_id":0,"class":"T-shirt/top",
/// "probability":0.918…}]}, …]</c>, a regression model's samples with <c>"values":[…]</c> instead of <c>"top"</c>;
/// probabilities and values are the float32 outputs in full (the shortest text that reads back the same float32).
/// CSV: the header <c>source,rank,class_id,class,probability,inverted,truth</c> and one row per sample and class, most
/// probable first (for regression <c>source,output,value,inverted,truth</c>, one row per output); fields with a
/// comma, a quote or a line break are quoted as RFC 4180 says.
/// </remarks>
internal static class PredictionWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="predictions"/> to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, IReadOnlyList<Prediction> predictions, PredictionFormat format)
    {
        switch (format)
        {
            case PredictionFormat.Json:
                WriteJson(output, predictions);
                break;
            case PredictionFormat.Csv:
                WriteCsv(output, predictions);
                break;
            default:
                foreach (var p in predictions) output.WriteLine(p.ToString());
                break;
        }
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<Prediction> predictions)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonOptions))
        {
            json.WriteStartArray();
            foreach (var p in predictions)
            {
                json.WriteStartObject();
                json.WriteString("source", p.Source);
                json.WriteBoolean("inverted", p.Inverted);
                if (p.Truth is null) json.WriteNull("truth");
                else json.WriteString("truth", p.Truth);
                if (p.Top is { } top)
                {
                    json.WriteStartArray("top");
                    for (int i = 0; i < top.Count; i++)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("rank", i + 1);
                        json.WriteNumber("class_id", top[i].ClassId);
                        json.WriteString("class", top[i].Name);
                        json.WriteNumber("probability", top[i].Probability);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                else
                {
                    json.WriteStartArray("values");
                    foreach (float v in p.Values!) json.WriteNumberValue(v);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteCsv(TextWriter output, IReadOnlyList<Prediction> predictions)
    {
        bool classifier = predictions.Count == 0 || predictions[0].Top is not null;
        output.WriteLine(classifier ? "source,rank,class_id,class,probability,inverted,truth" : "source,output,value,inverted,truth");
        foreach (var p in predictions)
        {
            string tail = $"{(p.Inverted ? "true" : "false")},{Field(p.Truth ?? "")}";
            if (p.Top is { } top)
            {
                for (int i = 0; i < top.Count; i++)
                    output.WriteLine($"{Field(p.Source)},{i + 1},{top[i].ClassId},{Field(top[i].Name)},{Number(top[i].Probability)},{tail}");
            }
            else
            {
                for (int i = 0; i < p.Values!.Length; i++)
                    output.WriteLine($"{Field(p.Source)},{i},{Number(p.Values[i])},{tail}");
            }
        }
    }

    private static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A CSV field, quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    internal static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
