using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Nnfs.Imaging;

namespace Nnfs.Serving.Tests;

/// <summary>Builds requests and reads answers for the tests.</summary>
internal static class Requests
{
    /// <summary>A V2 inference request body for <paramref name="rows"/> rows of <paramref name="data"/>.</summary>
    public static string Infer(float[] data, int rows, string? id = null)
    {
        var values = string.Join(",", data.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        string idPart = id is null ? "" : $"\"id\":\"{id}\",";
        return $"{{{idPart}\"inputs\":[{{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[{rows},{data.Length / rows}],\"data\":[{values}]}}]}}";
    }

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>Posts <paramref name="body"/> to the model's infer endpoint and returns the status and parsed answer.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Json)> PostInfer(HttpClient client, string model, string body)
    {
        using var response = await client.PostAsync($"/v2/models/{model}/infer", Json(body));
        return (response.StatusCode, await ReadJson(response));
    }

    /// <summary>The answer's JSON; fails the test when it is not JSON.</summary>
    public static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json",
            $"{(int)response.StatusCode} answer is {response.Content.Headers.ContentType}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>The output data of a V2 answer.</summary>
    public static float[] Outputs(JsonElement answer) =>
        [.. answer.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle())];

    /// <summary>Asserts a refused request: the expected 4xx status and a JSON body with a non-empty "error".</summary>
    public static async Task<string> AssertError(HttpResponseMessage response, HttpStatusCode expected)
    {
        var json = await ReadJson(response);
        Assert.Equal(expected, response.StatusCode);
        string? error = json.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error!;
    }

    /// <summary>Raw pixels (0–255) of a synthetic image of class <paramref name="c"/>: a bright band on a dark background.</summary>
    public static byte[] BandPixels(int c, int side = TestModels.Side)
    {
        var pixels = new byte[side * side];
        for (int p = 0; p < pixels.Length; p++)
        {
            int row = p / side * TestModels.Side / side;
            pixels[p] = (byte)(row >= 2 * c && row < 2 * c + 6 ? 230 : 10);
        }
        return pixels;
    }

    /// <summary>A gray PNG of <paramref name="pixels"/>.</summary>
    public static byte[] Png(byte[] pixels, int side)
    {
        using var stream = new MemoryStream();
        ImageCodec.SavePng(new GrayImage(side, side, pixels), stream);
        return stream.ToArray();
    }
}
