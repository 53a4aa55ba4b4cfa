using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Nnfs.Serving;

/// <summary>Adds the middleware the Nnfs endpoints rely on.</summary>
public static class ServingApplicationExtensions
{
    /// <summary>
    /// Adds, in this order: a structured log entry per request; Prometheus HTTP metrics (request counts and a latency
    /// histogram per endpoint, prometheus-net); JSON bodies for the empty 404 and 405 answers under <c>/v1</c> and
    /// <c>/v2</c>; CORS when origins are configured; request timeouts; the concurrency
    /// limiter. Call it after <c>UseRouting</c> when the application calls that itself (a <c>WebApplication</c> routes
    /// first on its own), and before <see cref="ServingEndpointRouteBuilderExtensions.MapNnfsInference"/>.
    /// </summary>
    /// <remarks>Without it the endpoints still answer, but without the time limit, the concurrency limit, metrics and
    /// request logs.</remarks>
    /// <exception cref="InvalidOperationException"><see cref="ServingServiceCollectionExtensions.AddNnfsPredictor"/> was not called.</exception>
    public static IApplicationBuilder UseNnfsServing(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetService<NnfsServingOptions>()
            ?? throw new InvalidOperationException("UseNnfsServing: call services.AddNnfsPredictor(modelPath) first");
        app.UseMiddleware<RequestLog>();
        app.UseHttpMetrics();
        app.UseMiddleware<ProtocolErrorAnswers>();
        if (options.CorsOrigins.Count > 0) app.UseCors();
        app.UseRequestTimeouts();
        app.UseRateLimiter();
        return app;
    }
}
