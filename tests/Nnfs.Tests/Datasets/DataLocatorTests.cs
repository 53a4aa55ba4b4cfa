using System.Net.Sockets;
using Nnfs.Datasets;

namespace Nnfs.Tests.Datasets;

public class DataLocatorTests
{
    [Fact]
    public void SearchOrderIsExplicitThenEnvironmentThenCacheThenSystem()
    {
        using var tmp = new TempDir();
        var dataset = IdxDataset.FashionMnist;
        string env = tmp.Combine("env");
        string cache = tmp.Combine("cache");
        string system = tmp.Combine("system");
        string explicitDir = tmp.Combine("explicit");
        var environment = new Dictionary<string, string?> { [DataLocator.EnvironmentVariable] = env };
        DataLocator Locator(string? explicitDirectory = null) =>
            new(explicitDirectory, n => environment.GetValueOrDefault(n), cache, [system]);

        Assert.Null(Locator().TryLocate(dataset));
        Fill(system, dataset);
        Assert.Equal(system, Locator().TryLocate(dataset));
        Fill(Path.Combine(cache, "nnfs", "fashion-mnist"), dataset);
        Assert.Equal(Path.Combine(cache, "nnfs", "fashion-mnist"), Locator().TryLocate(dataset));
        Fill(env, dataset);
        Assert.Equal(env, Locator().TryLocate(dataset));
        Fill(Path.Combine(env, "fashion-mnist"), dataset);
        Assert.Equal(Path.Combine(env, "fashion-mnist"), Locator().TryLocate(dataset));
        Fill(Path.Combine(explicitDir, "fashion-mnist"), dataset);
        Assert.Equal(Path.Combine(explicitDir, "fashion-mnist"), Locator(explicitDir).TryLocate(dataset));
        Fill(explicitDir, dataset);
        Assert.Equal(explicitDir, Locator(explicitDir).TryLocate(dataset));
    }

    [Fact]
    public void ExplicitDirectoryWithoutDataIsAnErrorNotAFallback()
    {
        using var tmp = new TempDir();
        string system = tmp.Combine("system");
        Fill(system, IdxDataset.Mnist);
        var locator = new DataLocator(tmp.Combine("typo"), _ => null, tmp.Combine("cache"), [system]);
        var ex = Assert.Throws<DatasetNotFoundException>(() => locator.Locate(IdxDataset.Mnist));
        Assert.Contains(tmp.Combine("typo"), ex.Message);
        Assert.DoesNotContain(system, ex.Message);
    }

    [Fact]
    public void IncompleteFolderIsSkipped()
    {
        using var tmp = new TempDir();
        string env = tmp.Combine("env");
        Fill(env, IdxDataset.FashionMnist);
        File.Delete(Path.Combine(env, "t10k-labels-idx1-ubyte.gz"));
        string system = tmp.Combine("system");
        Fill(system, IdxDataset.FashionMnist, compressed: false);
        var locator = new DataLocator(null, n => n == DataLocator.EnvironmentVariable ? env : null, tmp.Combine("cache"), [system]);
        Assert.Equal(["t10k-labels-idx1-ubyte"], IdxDataset.FashionMnist.MissingFiles(env));
        Assert.Equal(system, locator.Locate(IdxDataset.FashionMnist));
    }

    [Fact]
    public void NotFoundMessageListsEveryCandidate()
    {
        using var tmp = new TempDir();
        var environment = new Dictionary<string, string?> { [DataLocator.EnvironmentVariable] = tmp.Combine("env") };
        var locator = new DataLocator(null, n => environment.GetValueOrDefault(n), tmp.Combine("cache"), [tmp.Combine("sys")]);
        var ex = Assert.Throws<DatasetNotFoundException>(() => locator.Locate(IdxDataset.FashionMnist));
        Assert.Equal(locator.Candidates(IdxDataset.FashionMnist), ex.Searched);
        Assert.Equal("fashion-mnist", ex.DatasetName);
        Assert.Contains($"(searched {string.Join(", ", ex.Searched)})", ex.Message);
        Assert.Contains(tmp.Combine("env", "fashion-mnist"), ex.Message);
        Assert.Contains(tmp.Combine("sys"), ex.Message);
        Assert.Contains("NNFS_DATA=DIR", ex.Message);
        // Locate never downloads, so it offers no network.
        Assert.DoesNotContain("network", ex.Message);
        Assert.Null(ex.InnerException);
    }

    // The first-contact case: no data set anywhere and no network. One line names every way to provide it.
    [Fact]
    public async Task WithoutDataOrNetworkOneLineNamesEveryWayToProvideIt()
    {
        using var tmp = new TempDir();
        var locator = new DataLocator(null, _ => null, tmp.Combine("cache"), [tmp.Combine("sys")]) { ExplicitDirectoryOption = "--data-dir" };
        using var downloader = new DatasetDownloader(new HttpClient(new NoNetwork()));

        var ex = await Assert.ThrowsAsync<DatasetNotFoundException>(() => locator.LocateOrDownloadAsync(IdxDataset.FashionMnist, downloader));

        string cacheFolder = Path.Combine(tmp.Combine("cache"), "nnfs", "fashion-mnist");
        Assert.DoesNotContain('\n', ex.Message);
        Assert.StartsWith($"fashion-mnist is not on this machine (searched {cacheFolder}, {tmp.Combine("sys")}), and the checked download failed (", ex.Message);
        Assert.Contains(new SocketException((int)SocketError.HostNotFound).Message, ex.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist (Debian, Ubuntu)", ex.Message);
        Assert.Contains("--data-dir DIR or NNFS_DATA=DIR", ex.Message);
        Assert.Contains($"the cache folder {cacheFolder}", ex.Message);
        Assert.EndsWith("; or a network connection for the checked download.", ex.Message);
        Assert.IsType<DatasetDownloadException>(ex.InnerException);
        // The failed download leaves none of the cache folders it created behind.
        Assert.False(Directory.Exists(tmp.Combine("cache")));
    }

    [Fact]
    public async Task WithoutAPackageOrAnOptionNameTheMessageOffersNeither()
    {
        using var tmp = new TempDir();
        var locator = new DataLocator(null, _ => null, tmp.Combine("cache"), []);
        using var downloader = new DatasetDownloader(new HttpClient(new NoNetwork()));

        var ex = await Assert.ThrowsAsync<DatasetNotFoundException>(() => locator.LocateOrDownloadAsync(IdxDataset.Mnist, downloader));

        Assert.Null(IdxDataset.Mnist.SystemPackage);
        Assert.DoesNotContain("apt-get", ex.Message);
        Assert.DoesNotContain("--data-dir", ex.Message);
        Assert.Contains("given with NNFS_DATA=DIR", ex.Message);
        Assert.Contains("network connection", ex.Message);
    }

    [Fact]
    public async Task AnUnwritableCacheIsReportedAsTheDownloadFailure()
    {
        using var tmp = new TempDir();
        // The cache root is a file, so the cache folder cannot be created.
        File.WriteAllBytes(tmp.Combine("cache"), [0]);
        var locator = new DataLocator(null, _ => null, tmp.Combine("cache"), []);
        using var downloader = new DatasetDownloader(new HttpClient(new NoNetwork()));

        var ex = await Assert.ThrowsAsync<DatasetNotFoundException>(() => locator.LocateOrDownloadAsync(IdxDataset.FashionMnist, downloader));

        Assert.IsAssignableFrom<IOException>(ex.InnerException);
        Assert.Contains($"the checked download failed ({ex.InnerException!.Message})", ex.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", ex.Message);
    }

    [Fact]
    public void CacheRootFollowsXdgCacheHome()
    {
        Assert.Equal("/x/cache", DataLocator.DefaultCacheRoot(n => n == "XDG_CACHE_HOME" ? "/x/cache" : null));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(Path.Combine("/home/u", ".cache"), DataLocator.DefaultCacheRoot(n => n == "HOME" ? "/home/u" : null));
            // A relative XDG_CACHE_HOME is invalid by the XDG spec and ignored.
            Assert.Equal(Path.Combine("/home/u", ".cache"), DataLocator.DefaultCacheRoot(n => n switch { "HOME" => "/home/u", "XDG_CACHE_HOME" => "rel", _ => null }));
        }
    }

    [Fact]
    public void TheDefaultSystemFolderIsDebians()
    {
        Assert.Equal(["/usr/share/datasets/fashion-mnist"], IdxDataset.FashionMnist.SystemDirectories);
    }

    /// <summary>Fails every request as a machine without a network does: the host name cannot be resolved.</summary>
    internal sealed class NoNetwork : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException(HttpRequestError.NameResolutionError,
                $"{new SocketException((int)SocketError.HostNotFound).Message} ({request.RequestUri!.Host}:443)",
                new SocketException((int)SocketError.HostNotFound));
    }

    internal static void Fill(string directory, IdxDataset dataset, bool compressed = true)
    {
        Directory.CreateDirectory(directory);
        foreach (var f in dataset.Files)
            File.WriteAllBytes(Path.Combine(directory, compressed ? f.Name : f.UncompressedName), [1]);
    }
}
