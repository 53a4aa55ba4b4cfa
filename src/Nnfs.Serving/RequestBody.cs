using Microsoft.AspNetCore.Http.Features;

namespace Nnfs.Serving;

/// <summary>Reads a request body whole, refusing one larger than the limit before and while it is read.</summary>
internal static class RequestBody
{
    /// <summary>The body's bytes, at most <paramref name="limit"/> of them.</summary>
    /// <exception cref="ServingException">413 when the declared length or the bytes received exceed <paramref name="limit"/>;
    /// 400 when the body is empty.</exception>
    public static async Task<byte[]> ReadAsync(HttpContext context, long limit)
    {
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        // Raised only, never lowered: after an early 413 the server reads and drops the unread body up to this
        // limit to keep the connection; below the body's size it would close the connection instead, and a client
        // still sending the body would get a reset in place of the answer. Our own limit is enforced here.
        if (sizeFeature is { IsReadOnly: false, MaxRequestBodySize: long serverLimit } && serverLimit < limit)
            sizeFeature.MaxRequestBodySize = limit;
        long? declared = context.Request.ContentLength;
        if (declared > limit) throw TooLarge(limit);
        using var buffer = new MemoryStream(declared is > 0 ? (int)Math.Min(declared.Value, 1 << 20) : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) throw TooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw ServingException.BadRequest("the request has no body");
        return buffer.ToArray();
    }

    private static ServingException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than the limit of {limit} bytes");
}
