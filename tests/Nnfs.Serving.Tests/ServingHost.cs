using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nnfs.Serving.Tests;

/// <summary>
/// A web application hosting a model the way a user's app does (<c>AddNnfsPredictor</c>, <c>UseNnfsServing</c>,
/// <c>MapNnfsInference</c>), in memory (TestServer) or on a real Kestrel port, with its log entries captured.
/// </summary>
internal sealed class ServingHost : IAsyncDisposable
{
    private ServingHost(WebApplication app, HttpClient client, string address, CapturedLogs logs)
    {
        App = app;
        Client = client;
        Address = address;
        Logs = logs;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>The base address (a Kestrel URL, or TestServer's).</summary>
    public string Address { get; }

    public CapturedLogs Logs { get; }

    /// <summary>Starts the application; <paramref name="kestrelUrl"/> null = in memory.</summary>
    public static async Task<ServingHost> StartAsync(string modelPath, Action<NnfsServingOptions>? configure = null, string? kestrelUrl = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        if (kestrelUrl is null) builder.WebHost.UseTestServer();
        else builder.WebHost.UseUrls(kestrelUrl);
        builder.Services.AddNnfsPredictor(modelPath, configure);
        var app = builder.Build();
        app.UseNnfsServing();
        app.MapNnfsInference();
        await app.StartAsync();
        if (kestrelUrl is null)
            return new ServingHost(app, app.GetTestClient(), "http://localhost", logs);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServingHost(app, new HttpClient { BaseAddress = new Uri(address) }, address, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A logger provider keeping every entry: category, level, message and structured fields.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception), fields));
        }
    }
}
