namespace Nnfs.Serving;

/// <summary>A request the server refuses: answered with <see cref="StatusCode"/> and <c>{"error": message}</c>.</summary>
internal sealed class ServingException(int statusCode, string message) : Exception(message)
{
    /// <summary>The HTTP status of the answer (4xx).</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>400 Bad Request.</summary>
    public static ServingException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
