using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nnfs.Serving;

/// <summary>
/// Logs a warning once the server has started if it listens on an address other than the loopback interface (anyone
/// on the network can then call it).
/// </summary>
internal sealed class ExposureWarning(IServer server, IHostApplicationLifetime lifetime, NnfsServingOptions options,
    ILogger<ExposureWarning> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Check);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Check()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (string address in addresses.Where(a => !IsLoopback(a)))
            ServingLog.LogExposed(logger, address, options.ApiKey is null ? "no API key is set" : "an API key is required");
    }

    /// <summary>True when <paramref name="address"/> (a URL such as <c>http://127.0.0.1:8080</c>) only accepts local connections.</summary>
    internal static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)) return false;
        string host = uri.Host.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }
}
