using Nnfs.Browser.Tests;

namespace Nnfs.Playground.BrowserTests;

/// <summary>The playground, playground/Nnfs.Playground.csproj, published once for every test of the collection (or,
/// when <c>NNFS_PLAYGROUND_PUBLISHED</c> names a folder it was already published to, that folder).</summary>
public sealed class PlaygroundApp() : PublishedApp(Path.Combine("playground", "Nnfs.Playground.csproj"),
    Environment.GetEnvironmentVariable("NNFS_PLAYGROUND_PUBLISHED"));

/// <summary>The tests that share one publish of the playground (publishing takes a minute or more of CPU).</summary>
[CollectionDefinition(Name)]
public sealed class PlaygroundCollection : ICollectionFixture<PlaygroundApp>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "playground";
}
