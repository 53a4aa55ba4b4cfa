using System.Net;
using System.Text;

namespace Nnfs.Serving.Tests;

/// <summary>
/// A request body sent in two parts: the first at once, the second when <see cref="Release"/> is called, so that a
/// request stays in flight (holding its place in the limiter) for as long as a test needs.
/// </summary>
internal sealed class GatedContent(string body, int firstPart) : HttpContent
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first part has been sent.</summary>
    public Task Started => _started.Task;

    /// <summary>Sends the rest of the body.</summary>
    public void Release() => _gate.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await stream.WriteAsync(bytes.AsMemory(0, firstPart));
        await stream.FlushAsync();
        _started.TrySetResult();
        await _gate.Task;
        await stream.WriteAsync(bytes.AsMemory(firstPart));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
