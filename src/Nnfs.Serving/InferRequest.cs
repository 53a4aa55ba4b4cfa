using System.Globalization;
using System.Text.Json;

namespace Nnfs.Serving;

/// <summary>
/// An Open Inference Protocol (V2) inference request in its JSON form, checked against the served model: one input
/// tensor named <see cref="Protocol.InputName"/>, datatype FP32, shape [rows, input length], its values row-major in
/// <c>data</c> (flat or nested arrays).
/// </summary>
internal sealed class InferRequest
{
    private InferRequest(string? id, int rows, float[] data)
    {
        Id = id;
        Rows = rows;
        Data = data;
    }

    /// <summary>The request's <c>id</c>, echoed in the answer (null when absent).</summary>
    public string? Id { get; }

    /// <summary>Samples in the request.</summary>
    public int Rows { get; }

    /// <summary>The raw input, <see cref="Rows"/> × input length values.</summary>
    public float[] Data { get; }

    /// <summary>Parses and checks <paramref name="body"/>.</summary>
    /// <exception cref="ServingException">400 naming what is wrong: text that is not UTF-8, malformed JSON, a missing or unknown tensor, a
    /// datatype other than FP32, a shape that is not [rows, input length], more than <paramref name="maxBatchSize"/>
    /// rows, a value count that does not match the shape, a value that is not a finite float32, or a request for the
    /// binary-data extension.</exception>
    public static InferRequest Parse(ReadOnlyMemory<byte> body, ServedModel model, int maxBatchSize)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span)) throw ServingException.BadRequest("the request is not valid UTF-8 text");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw ServingException.BadRequest($"the request is not valid JSON: {e.Message}");
        }
        using (document)
            return Parse(document.RootElement, model, maxBatchSize);
    }

    private static InferRequest Parse(JsonElement root, ServedModel model, int maxBatchSize)
    {
        if (root.ValueKind != JsonValueKind.Object) throw ServingException.BadRequest("the request must be a JSON object with \"inputs\"");
        string? id = null;
        if (root.TryGetProperty("id", out var idElement))
            id = idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : throw ServingException.BadRequest("\"id\" must be a string");
        RefuseBinary(root, "the request");
        if (root.TryGetProperty("outputs", out var outputs)) CheckOutputs(outputs);
        if (!root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
            throw ServingException.BadRequest("the request has no \"inputs\" array");
        if (inputs.GetArrayLength() != 1)
            throw ServingException.BadRequest($"the model takes one input tensor, \"{Protocol.InputName}\"; the request has {inputs.GetArrayLength()}");
        var input = inputs[0];
        if (input.ValueKind != JsonValueKind.Object) throw ServingException.BadRequest("each input must be a JSON object");
        string name = StringProperty(input, "name", "the input");
        if (name != Protocol.InputName)
            throw ServingException.BadRequest($"unknown input \"{name}\"; the model's input is \"{Protocol.InputName}\"");
        string datatype = StringProperty(input, "datatype", "the input");
        if (datatype != Protocol.DataType)
            throw ServingException.BadRequest($"input datatype \"{datatype}\" is not supported; send {Protocol.DataType}");
        RefuseBinary(input, "the input");
        int rows = ParseRows(input, model.InputLength, maxBatchSize);
        if (!input.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            throw ServingException.BadRequest("the input has no \"data\" array");
        var values = new float[rows * model.InputLength];
        int count = 0;
        Flatten(data, values, ref count);
        if (count != values.Length)
            throw ServingException.BadRequest($"the input has {count} values, but its shape [{rows}, {model.InputLength}] needs {values.Length}");
        return new InferRequest(id, rows, values);
    }

    private static int ParseRows(JsonElement input, int inputLength, int maxBatchSize)
    {
        if (!input.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
            throw ServingException.BadRequest("the input has no \"shape\" array");
        var dims = new List<long>();
        foreach (var d in shape.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long v))
                throw ServingException.BadRequest("the input's shape must hold integers");
            dims.Add(v);
            if (dims.Count > 2) break;
        }
        string text = string.Join(", ", dims.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        if (dims.Count != 2 || dims[1] != inputLength || dims[0] < 1)
            throw ServingException.BadRequest($"input shape [{text}] does not fit the model; it takes [rows, {inputLength}] with rows ≥ 1");
        if (dims[0] > maxBatchSize)
            throw ServingException.BadRequest($"the request has {dims[0]} rows, more than the limit of {maxBatchSize} per request");
        return (int)dims[0];
    }

    private static void Flatten(JsonElement element, float[] values, ref int count)
    {
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Array)
            {
                Flatten(item, values, ref count);
                continue;
            }
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetSingle(out float v) || !float.IsFinite(v))
                throw ServingException.BadRequest($"input value {count} ({Describe(item)}) is not a finite FP32 number");
            if (count == values.Length)
                throw ServingException.BadRequest($"the input has more values than its shape allows ({values.Length})");
            values[count++] = v;
        }
    }

    private static void CheckOutputs(JsonElement outputs)
    {
        if (outputs.ValueKind != JsonValueKind.Array) throw ServingException.BadRequest("\"outputs\" must be an array");
        foreach (var output in outputs.EnumerateArray())
        {
            if (output.ValueKind != JsonValueKind.Object) throw ServingException.BadRequest("each requested output must be a JSON object");
            string name = StringProperty(output, "name", "a requested output");
            if (name != Protocol.OutputName)
                throw ServingException.BadRequest($"unknown output \"{name}\"; the model's output is \"{Protocol.OutputName}\"");
            RefuseBinary(output, "the requested output");
        }
    }

    private static void RefuseBinary(JsonElement element, string what)
    {
        if (!element.TryGetProperty("parameters", out var parameters)) return;
        if (parameters.ValueKind != JsonValueKind.Object) throw ServingException.BadRequest($"the \"parameters\" of {what} must be an object");
        foreach (var p in parameters.EnumerateObject())
        {
            bool binary = p.Name is "binary_data_size"
                || (p.Name is "binary_data" or "binary_data_output" && p.Value.ValueKind != JsonValueKind.False);
            if (binary)
                throw ServingException.BadRequest($"{what} asks for the binary-data extension (\"{p.Name}\"), which this server does not support; send JSON data");
        }
    }

    private static string StringProperty(JsonElement element, string property, string what) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw ServingException.BadRequest($"{what} has no \"{property}\" string");

    private static string Describe(JsonElement item)
    {
        string text = item.GetRawText();
        return text.Length > 40 ? text[..40] + "…" : text;
    }
}
