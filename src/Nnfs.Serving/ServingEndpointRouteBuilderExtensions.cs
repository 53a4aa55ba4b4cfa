using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nnfs.Imaging;
using Prometheus;

namespace Nnfs.Serving;

/// <summary>Maps the Open Inference Protocol (V2) REST endpoints, the image endpoint, the page and the metrics.</summary>
public static class ServingEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, for the model registered by <see cref="ServingServiceCollectionExtensions.AddNnfsPredictor"/>:
    /// <c>GET /v2/health/live</c>, <c>GET /v2/health/ready</c>, <c>GET /v2</c> (server metadata),
    /// <c>GET /v2/models/{name}</c> (model metadata), <c>GET /v2/models/{name}/ready</c>,
    /// <c>POST /v2/models/{name}/infer</c>, <c>POST /v1/models/{name}/image</c> (an image file → top-k classes),
    /// <c>GET /</c> (the page) and <c>GET /metrics</c> (Prometheus).
    /// </summary>
    /// <remarks>
    /// Each inference request is computed on its own (requests are never merged), so an answer equals the one the
    /// same request gets alone. A refused request gets a 4xx status and <c>{"error": "…"}</c>. With an API key set,
    /// every endpoint but the health checks and the page answers 401 without the key. The endpoints use the
    /// <c>nnfs</c> concurrency-limiter and request-timeout policies (not the health checks, which answer even when the
    /// server is busy); they take effect with <see cref="ServingApplicationExtensions.UseNnfsServing"/>.
    /// </remarks>
    /// <returns>The group of endpoints, for further conventions.</returns>
    /// <exception cref="InvalidOperationException"><see cref="ServingServiceCollectionExtensions.AddNnfsPredictor"/> was not called.</exception>
    public static IEndpointConventionBuilder MapNnfsInference(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetService<NnfsServingOptions>()
            ?? throw new InvalidOperationException("MapNnfsInference: call services.AddNnfsPredictor(modelPath) first");
        var model = endpoints.ServiceProvider.GetRequiredService<ServedModel>();
        var handlers = new Handlers(model, options);

        var group = endpoints.MapGroup("");
        group.WithMetadata(NnfsEndpointMetadata.Instance);
        group.RequireRateLimiting(ServingServiceCollectionExtensions.PolicyName);
        group.WithRequestTimeout(ServingServiceCollectionExtensions.PolicyName);
        if (options.CorsOrigins.Count > 0) group.RequireCors(ServingServiceCollectionExtensions.PolicyName);

        group.MapGet("/v2/health/live", handlers.Guard(c => Flag(c, "live"), keyed: false)).DisableRateLimiting();
        group.MapGet("/v2/health/ready", handlers.Guard(c => Flag(c, "ready"), keyed: false)).DisableRateLimiting();
        group.MapGet("/v2", handlers.Guard(ServerMetadata));
        group.MapGet("/v2/models/{name}", handlers.Guard(handlers.ModelMetadata));
        group.MapGet("/v2/models/{name}/versions/{version}", handlers.Guard(handlers.ModelMetadata));
        group.MapGet("/v2/models/{name}/ready", handlers.Guard(handlers.ModelReady));
        group.MapGet("/v2/models/{name}/versions/{version}/ready", handlers.Guard(handlers.ModelReady));
        group.MapPost("/v2/models/{name}/infer", handlers.Guard(handlers.Infer));
        group.MapPost("/v2/models/{name}/versions/{version}/infer", handlers.Guard(handlers.Infer));
        group.MapPost("/v1/models/{name}/image", handlers.Guard(handlers.Image));
        group.MapGet("/", handlers.Guard(handlers.Page, keyed: false));
        group.MapMetrics("/metrics").Add(b =>
        {
            var inner = b.RequestDelegate!;
            b.RequestDelegate = handlers.Guard(c => inner(c));
        });
        return group;
    }

    private static Task Flag(HttpContext context, string name) => JsonAnswer.WriteAsync(context, StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        w.WriteBoolean(name, true);
        w.WriteEndObject();
    });

    private static Task ServerMetadata(HttpContext context) => JsonAnswer.WriteAsync(context, StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        w.WriteString("name", Protocol.ServerName);
        w.WriteString("version", ServerVersion);
        w.WriteStartArray("extensions");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static string ServerVersion { get; } =
        typeof(ServingEndpointRouteBuilderExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0";

    private sealed class Handlers(ServedModel model, NnfsServingOptions options)
    {
        private readonly byte[]? _key = options.ApiKey is null ? null : Encoding.UTF8.GetBytes(options.ApiKey);
        private string? _page;

        /// <summary>
        /// Wraps <paramref name="handler"/>: checks the API key (when <paramref name="keyed"/>) and turns a refused
        /// request into its 4xx JSON answer.
        /// </summary>
        public RequestDelegate Guard(RequestDelegate handler, bool keyed = true) => async context =>
        {
            try
            {
                if (keyed) CheckKey(context);
                await handler(context);
            }
            catch (ServingException e) when (!context.Response.HasStarted)
            {
                await JsonAnswer.ErrorAsync(context, e.StatusCode, e.Message);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                int status = e.StatusCode is >= 400 and < 500 ? e.StatusCode : StatusCodes.Status400BadRequest;
                await JsonAnswer.ErrorAsync(context, status, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? $"the request body is larger than the limit of {options.MaxRequestBodyBytes} bytes"
                    : e.Message);
            }
        };

        public Task ModelMetadata(HttpContext context)
        {
            Find(context);
            return JsonAnswer.WriteAsync(context, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("name", model.Name);
                w.WriteStartArray("versions");
                w.WriteStringValue(Protocol.ModelVersion);
                w.WriteEndArray();
                w.WriteString("platform", Protocol.Platform);
                w.WriteStartArray("inputs");
                Tensor(w, Protocol.InputName, model.InputLength);
                w.WriteEndArray();
                w.WriteStartArray("outputs");
                Tensor(w, Protocol.OutputName, model.OutputLength);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public Task ModelReady(HttpContext context)
        {
            Find(context);
            return JsonAnswer.WriteAsync(context, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("name", model.Name);
                w.WriteBoolean("ready", true);
                w.WriteEndObject();
            });
        }

        public async Task Infer(HttpContext context)
        {
            Find(context);
            if (context.Request.Headers.ContainsKey("Inference-Header-Content-Length"))
                throw ServingException.BadRequest("the request uses the binary-data extension (Inference-Header-Content-Length), which this server does not support; send JSON data");
            var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes);
            var request = InferRequest.Parse(body, model, options.MaxBatchSize);
            var outputs = model.Predict(request.Data, request.Rows);
            await JsonAnswer.WriteAsync(context, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("model_name", model.Name);
                w.WriteString("model_version", Protocol.ModelVersion);
                if (request.Id is not null) w.WriteString("id", request.Id);
                w.WriteStartArray("outputs");
                w.WriteStartObject();
                w.WriteString("name", Protocol.OutputName);
                w.WriteString("datatype", Protocol.DataType);
                w.WriteStartArray("shape");
                w.WriteNumberValue(request.Rows);
                w.WriteNumberValue(model.OutputLength);
                w.WriteEndArray();
                w.WriteStartArray("data");
                foreach (float v in outputs) w.WriteNumberValue(v);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public async Task Image(HttpContext context)
        {
            Find(context);
            if (!model.IsImage)
                throw ServingException.BadRequest($"model '{model.Name}' takes {model.InputLength} features, not an image; use POST /v2/models/{model.Name}/infer");
            int k = TopCount(context.Request.Query["top"]);
            var invert = InvertModeOf(context.Request.Query["invert"]);
            var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes);
            GrayImage image;
            try
            {
                image = ImageCodec.LoadGray(new MemoryStream(body, writable: false), "the uploaded file", Math.Min(options.MaxImagePixels, ImageCodec.MaxPixels));
            }
            catch (InvalidDataException e)
            {
                throw ServingException.BadRequest(e.Message);
            }
            var prepared = ImagePreparation.Prepare(image, invert, out bool inverted, model.ImageWidth, model.ImageHeight);
            var raw = new float[prepared.Pixels.Length];
            for (int i = 0; i < raw.Length; i++) raw[i] = prepared.Pixels[i];
            var outputs = model.Predict(raw, 1);
            var top = model.IsClassifier ? model.TopK(raw, k) : [];
            await JsonAnswer.WriteAsync(context, StatusCodes.Status200OK, w =>
            {
                w.WriteStartObject();
                w.WriteString("model_name", model.Name);
                w.WriteBoolean("inverted", inverted);
                w.WriteStartArray("top");
                foreach (var score in top)
                {
                    w.WriteStartObject();
                    w.WriteNumber("class_id", score.ClassId);
                    w.WriteString("name", score.Name);
                    w.WriteNumber("probability", score.Probability);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("outputs");
                foreach (float v in outputs) w.WriteNumberValue(v);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public Task Page(HttpContext context)
        {
            _page ??= IndexPage.Render(model, options);
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return context.Response.WriteAsync(_page, context.RequestAborted);
        }

        private void Find(HttpContext context)
        {
            string? name = context.Request.RouteValues["name"] as string;
            if (name != model.Name)
                throw new ServingException(StatusCodes.Status404NotFound, $"unknown model '{name}'; this server serves '{model.Name}'");
            if (context.Request.RouteValues["version"] is string version && version != Protocol.ModelVersion)
                throw new ServingException(StatusCodes.Status404NotFound, $"model '{model.Name}' has no version '{version}'; its one version is {Protocol.ModelVersion}");
        }

        private void CheckKey(HttpContext context)
        {
            if (_key is null) return;
            string given = context.Request.Headers[options.ApiKeyHeader].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _key))
                throw new ServingException(StatusCodes.Status401Unauthorized, $"a valid API key is required in the {options.ApiKeyHeader} header");
        }

        private int TopCount(string? text)
        {
            int classes = model.ClassNames.Count;
            if (string.IsNullOrEmpty(text)) return Math.Min(3, classes);
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int k) || k < 1 || k > classes)
                throw ServingException.BadRequest($"top={text}: give a whole number from 1 to {classes}");
            return k;
        }

        private static InvertMode InvertModeOf(string? text) => text switch
        {
            null or "" or "auto" => InvertMode.Auto,
            "always" => InvertMode.Always,
            "never" => InvertMode.Never,
            _ => throw ServingException.BadRequest($"invert={text}: use auto, always or never"),
        };

        private static void Tensor(Utf8JsonWriter w, string name, int length)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("datatype", Protocol.DataType);
            w.WriteStartArray("shape");
            w.WriteNumberValue(-1);
            w.WriteNumberValue(length);
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }
}
