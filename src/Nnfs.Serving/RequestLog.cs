using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Nnfs.Serving;

/// <summary>
/// Middleware writing one structured log entry per request, when its answer is complete: method, path, status and
/// elapsed milliseconds, as named fields (category <c>Nnfs.Serving.RequestLog</c>, level Information).
/// </summary>
internal sealed class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
{
    /// <summary>Runs the rest of the pipeline and logs the outcome.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            ServingLog.LogRequest(logger, context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode,
                Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }
}
