namespace Nnfs.Serving;

/// <summary>
/// Middleware giving the framework's own refusals under the protocol's paths (<c>/v1/…</c>, <c>/v2…</c>) a JSON body:
/// a path that matches no endpoint (404) and a method an endpoint does not take (405) answer <c>{"error": "…"}</c>
/// like every other refused request, instead of an empty body.
/// </summary>
internal sealed class ProtocolErrorAnswers(RequestDelegate next)
{
    /// <summary>Runs the rest of the pipeline, then fills an empty 404 or 405 answer under the protocol's paths.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var response = context.Response;
        if (response.HasStarted || response.StatusCode is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)) return;
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/v2") && !path.StartsWithSegments("/v1")) return;
        string where = $"{context.Request.Method} {path.Value}";
        await JsonAnswer.ErrorAsync(context, response.StatusCode, response.StatusCode == StatusCodes.Status404NotFound
            ? $"no endpoint answers {where}; see /v2 and docs/serving.md"
            : $"{where}: the endpoint does not take this method");
    }
}
