using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nnfs.Serving;

namespace Nnfs.Cli.Commands;

/// <summary>
/// <c>nnfs serve MODEL [--port P] [--host ADDRESS]</c>: serves a saved model over HTTP with <see cref="Nnfs.Serving"/>
/// (the Open Inference Protocol's REST endpoints, the image endpoint and the page; docs/serving.md) until Ctrl+C or
/// SIGTERM, which stop it after the requests in flight are answered.
/// </summary>
/// <remarks>
/// Binds to 127.0.0.1:8080 by default (loopback: only this machine can connect); another address logs a warning.
/// The API key, when wanted, comes from the environment variable <c>NNFS_API_KEY</c> (not an option: command lines are
/// visible to other users). Log entries go to standard error, one line each. A missing or bad model file and an
/// address in use are one-line errors (exit 1).
/// </remarks>
internal static class ServeCommand
{
    /// <summary>The environment variable holding the API key.</summary>
    public const string ApiKeyVariable = "NNFS_API_KEY";

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Model file written by 'nnfs train'." };
        var port = new Option<int>("--port", "-p")
        {
            Description = "TCP port (0 = any free port). Default 8080.",
            DefaultValueFactory = _ => 8080,
        }.WholeNumber(0, 65535);
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on: an IP address or localhost. Default 127.0.0.1 (this machine only).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var command = new Command("serve", "Serve a saved model over HTTP (Open Inference Protocol V2, an image endpoint and a web page).")
        {
            model, port, host,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandRunner.Run(parse, (output, error) =>
        {
            using var cooperate = Interrupts.Cooperate();
            Run(parse.GetValue(model)!, parse.GetValue(host)!, parse.GetValue(port), output, error, cancellation);
            return 0;
        })));
        return command;
    }

    /// <summary>Serves <paramref name="modelPath"/> until <paramref name="cancellation"/> is cancelled.</summary>
    /// <exception cref="ArgumentException"><paramref name="host"/> is not an IP address or <c>localhost</c>.</exception>
    /// <exception cref="IOException">The model file is missing or bad, or the address is in use.</exception>
    public static void Run(string modelPath, string host, int port, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var address = Address(host);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new WriterLoggerProvider(error));
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // A start that fails (an address in use) is reported once, by CommandRunner, not also by the host's log.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        string? key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        builder.Services.AddNnfsPredictor(modelPath, o => o.ApiKey = string.IsNullOrEmpty(key) ? null : key);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = new NnfsServingOptions().MaxRequestBodyBytes;
            if (address is null) kestrel.ListenLocalhost(port);
            else kestrel.Listen(address, port);
        });
        using var app = builder.Build();
        app.UseNnfsServing();
        app.MapNnfsInference();
        app.StartAsync(cancellation).GetAwaiter().GetResult();
        string urls = string.Join(", ", app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses);
        output.WriteLine($"serving {modelPath} on {urls} (page at /, Open Inference Protocol at /v2); Ctrl+C stops");
        output.Flush();
        try
        {
            app.WaitForShutdownAsync(cancellation).GetAwaiter().GetResult();
        }
        finally
        {
            app.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        output.WriteLine("stopped");
    }

    private static IPAddress? Address(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return null;
        return IPAddress.TryParse(host, out var ip) ? ip : throw new ArgumentException($"--host '{host}': give an IP address (127.0.0.1, 0.0.0.0, ::1, …) or localhost");
    }
}
