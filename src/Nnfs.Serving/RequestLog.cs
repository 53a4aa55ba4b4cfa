using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Nnfs.Serving;

/// <summary>
/// Middleware writing one structured log entry per request, when its answer is complete: method, path, status and
/// elapsed milliseconds, as named fields (category <c>Nnfs.Serving.RequestLog</c>, level Information).
/// </summary>
internal sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
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
            LogRequest(logger, context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode,
                Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.###} ms")]
    private static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);
}
