namespace Nnfs.Serving;

/// <summary>What <see cref="ServingServiceCollectionExtensions.AddNnfsPredictor(Microsoft.Extensions.DependencyInjection.IServiceCollection, string, Action{NnfsServingOptions}?)"/> serves and the limits it enforces.</summary>
/// <remarks>
/// Every limit is enforced per request: a request beyond one gets a 4xx answer with a JSON body
/// <c>{"error": "…"}</c> (413 for a body or image too large, 400 for too many rows, 408 for a request over time,
/// 429 when the concurrency limiter's queue is full).
/// </remarks>
public sealed class NnfsServingOptions
{
    /// <summary>The model file (written by <c>nnfs train</c> or <c>ModelFile.Save</c>). Required.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>
    /// The model's name in the URLs (<c>/v2/models/{name}</c>). Default null: the file name without its extension.
    /// Letters, digits, '-', '_' and '.' only.
    /// </summary>
    public string? ModelName { get; set; }

    /// <summary>The largest request body accepted, in bytes (JSON or image): 1 to 1 GiB. Default 8 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 8L << 20;

    /// <summary>The most rows (samples) in one inference request. Default 256.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>The most pixels (width × height) of an uploaded image, checked before it is decoded. Default 16,777,216 (4096 × 4096).</summary>
    public long MaxImagePixels { get; set; } = 4096L * 4096;

    /// <summary>The longest a request may take, from the start of its processing to its answer (reading the body included). Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests computed at once. Default: twice the number of processors.</summary>
    public int MaxConcurrentRequests { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>Requests waiting for a turn beyond <see cref="MaxConcurrentRequests"/>; more are refused with 429. Default 100.</summary>
    public int QueueLimit { get; set; } = 100;

    /// <summary>
    /// When set, every endpoint except the health checks and the page requires this key in the header
    /// <see cref="ApiKeyHeader"/> (401 otherwise). Default null: no key.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The header that carries <see cref="ApiKey"/>. Default <c>X-Api-Key</c>.</summary>
    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    /// <summary>Origins allowed to call the endpoints from a browser page served elsewhere (CORS). Default empty: CORS off.</summary>
    public IList<string> CorsOrigins { get; } = [];

    /// <summary>Checks every value; throws on the first bad one.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath)) throw new ArgumentException("NnfsServingOptions.ModelPath: no model file given");
        if (ModelName is not null && !IsValidName(ModelName))
            throw new ArgumentException($"NnfsServingOptions.ModelName '{ModelName}': use letters, digits, '-', '_' and '.' only");
        Positive(MaxRequestBodyBytes, nameof(MaxRequestBodyBytes));
        if (MaxRequestBodyBytes > MaxBodyLimit)
            throw new ArgumentException($"NnfsServingOptions.MaxRequestBodyBytes is {MaxRequestBodyBytes}; it must be at most {MaxBodyLimit} (1 GiB)");
        Positive(MaxBatchSize, nameof(MaxBatchSize));
        Positive(MaxImagePixels, nameof(MaxImagePixels));
        Positive(MaxConcurrentRequests, nameof(MaxConcurrentRequests));
        if (QueueLimit < 0) throw new ArgumentException($"NnfsServingOptions.QueueLimit is {QueueLimit}; it must be 0 or more");
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentException($"NnfsServingOptions.RequestTimeout is {RequestTimeout}; it must be positive");
        if (ApiKey is { Length: 0 }) throw new ArgumentException("NnfsServingOptions.ApiKey is empty; leave it null for no key");
        if (string.IsNullOrWhiteSpace(ApiKeyHeader)) throw new ArgumentException("NnfsServingOptions.ApiKeyHeader is empty");
    }

    /// <summary>The served name: <see cref="ModelName"/>, or the file name without extension made URL-safe.</summary>
    internal string ResolveName()
    {
        if (ModelName is not null) return ModelName;
        var chars = Path.GetFileNameWithoutExtension(ModelPath).Select(c => IsNameChar(c) ? c : '_').ToArray();
        return chars.Length == 0 ? "model" : new string(chars);
    }

    private const long MaxBodyLimit = 1L << 30;

    private static bool IsValidName(string name) => name.Length > 0 && name.All(IsNameChar);

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static void Positive(long value, string name)
    {
        if (value <= 0) throw new ArgumentException($"NnfsServingOptions.{name} is {value}; it must be positive");
    }
}
