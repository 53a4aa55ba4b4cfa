using Microsoft.Extensions.Logging;

namespace Nnfs.Serving;

/// <summary>
/// The package's log messages (written by the LoggerMessage source generator). They are in one class because the
/// .NET 10 generator writes several classes in an order that changes from one build to the next
/// (dotnet/runtime#119587), which made the package's PDB, and so its DLL, differ between two builds of one commit
/// (.ci/pack-check).
/// </summary>
internal static partial class ServingLog
{
    /// <summary>The warning of <see cref="ExposureWarning"/>: the server listens beyond the loopback interface.</summary>
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Listening on {Address}, beyond the loopback interface: other machines can call this server ({KeyState}); see docs/serving.md on TLS and reverse proxies")]
    internal static partial void LogExposed(ILogger logger, string address, string keyState);

    /// <summary>The entry of <see cref="RequestLog"/>: one request and its answer.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.###} ms")]
    internal static partial void LogRequest(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);
}
