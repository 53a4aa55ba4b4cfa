using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Nnfs.Serving;

/// <summary>Registers a served Nnfs model and the services its endpoints use.</summary>
public static class ServingServiceCollectionExtensions
{
    /// <summary>The rate-limiting (concurrency) and request-timeout policy name of the Nnfs endpoints: <c>nnfs</c>.</summary>
    public const string PolicyName = "nnfs";

    /// <summary>
    /// Loads the model at <paramref name="modelPath"/> now and registers it with the limits of
    /// <see cref="NnfsServingOptions"/>; then <see cref="ServingApplicationExtensions.UseNnfsServing"/> and
    /// <see cref="ServingEndpointRouteBuilderExtensions.MapNnfsInference"/> serve it.
    /// </summary>
    /// <remarks>
    /// Registers: the model's <see cref="Nnfs.Inference.Predictor"/> (a singleton your own endpoints can use too; it
    /// takes raw input and is safe to share); a concurrency limiter (ASP.NET Core rate limiting) allowing
    /// <see cref="NnfsServingOptions.MaxConcurrentRequests"/> requests at once with a queue of
    /// <see cref="NnfsServingOptions.QueueLimit"/> (429 beyond it); a request timeout policy of
    /// <see cref="NnfsServingOptions.RequestTimeout"/> (408); a CORS policy when
    /// <see cref="NnfsServingOptions.CorsOrigins"/> is not empty; and a check at start-up that logs a warning when the
    /// server listens beyond the loopback interface.
    /// </remarks>
    /// <param name="services">The application's services.</param>
    /// <param name="modelPath">The model file.</param>
    /// <param name="configure">Sets the name, limits, API key and CORS origins; default null keeps the defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="IOException">The file is not a valid model (<c>ModelFormatException</c>); the message names it.</exception>
    /// <exception cref="InvalidOperationException">A model is already registered.</exception>
    public static IServiceCollection AddNnfsPredictor(this IServiceCollection services, string modelPath, Action<NnfsServingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(modelPath);
        if (services.Any(d => d.ServiceType == typeof(ServedModel)))
            throw new InvalidOperationException("AddNnfsPredictor: a model is already registered; one server serves one model");
        var options = new NnfsServingOptions { ModelPath = modelPath };
        configure?.Invoke(options);
        options.Validate();
        var model = ServedModel.Load(options.ModelPath, options.ResolveName());

        services.AddSingleton(options);
        services.AddSingleton(model);
        services.AddSingleton(model.Predictor);
        services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(PolicyName, c =>
            {
                c.PermitLimit = options.MaxConcurrentRequests;
                c.QueueLimit = options.QueueLimit;
                c.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            var previous = limiter.OnRejected;
            limiter.OnRejected = async (context, cancellation) =>
            {
                if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<NnfsEndpointMetadata>() is null)
                {
                    if (previous is not null) await previous(context, cancellation);
                    return;
                }
                await JsonAnswer.ErrorAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                    $"the server is busy ({options.MaxConcurrentRequests} requests running and {options.QueueLimit} waiting); try again later");
            };
        });
        services.AddRequestTimeouts(timeouts => timeouts.AddPolicy(PolicyName, new RequestTimeoutPolicy
        {
            Timeout = options.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status408RequestTimeout,
            WriteTimeoutResponse = context => JsonAnswer.ErrorAsync(context, StatusCodes.Status408RequestTimeout,
                $"the request took longer than the limit of {options.RequestTimeout.TotalSeconds:0.###} s"),
        }));
        if (options.CorsOrigins.Count > 0)
            services.AddCors(cors => cors.AddPolicy(PolicyName, p => p.WithOrigins([.. options.CorsOrigins]).AllowAnyHeader().WithMethods("GET", "POST")));
        services.AddHostedService<ExposureWarning>();
        return services;
    }
}
