using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nnfs.Serving;

/// <summary>Writes JSON answers straight to the response with <see cref="Utf8JsonWriter"/> (no reflection, so trimming and Native AOT are safe).</summary>
/// <remarks>Answers are served as <c>application/json</c>, never embedded in HTML, so quotes and apostrophes in messages
/// are written as they are rather than as <c>\u0027</c>.</remarks>
internal static class JsonAnswer
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Answers <paramref name="status"/> with a JSON body written by <paramref name="write"/>.</summary>
    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, s_options))
            write(writer);
        // Not the request's token: after a timeout it is cancelled, and the timeout answer must still be written.
        await response.BodyWriter.FlushAsync();
    }

    /// <summary>Answers <paramref name="status"/> with <c>{"error": message}</c>, the Open Inference Protocol's error form.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message) => WriteAsync(context, status, w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    });
}
