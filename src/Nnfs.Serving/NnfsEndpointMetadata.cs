namespace Nnfs.Serving;

/// <summary>Marks the endpoints mapped by <see cref="ServingEndpointRouteBuilderExtensions.MapNnfsInference"/>.</summary>
internal sealed class NnfsEndpointMetadata
{
    /// <summary>The one instance.</summary>
    public static NnfsEndpointMetadata Instance { get; } = new();
}
