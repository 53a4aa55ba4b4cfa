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
        var ex = Assert.Throws<DirectoryNotFoundException>(() => locator.Locate(IdxDataset.Mnist));
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
        var locator = new DataLocator(null, _ => null, tmp.Combine("cache"), [tmp.Combine("sys")]);
        var ex = Assert.Throws<DirectoryNotFoundException>(() => locator.Locate(IdxDataset.FashionMnist));
        Assert.Contains(Path.Combine(tmp.Combine("cache"), "nnfs", "fashion-mnist"), ex.Message);
        Assert.Contains(tmp.Combine("sys"), ex.Message);
        Assert.Contains("NNFS_DATA", ex.Message);
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

    internal static void Fill(string directory, IdxDataset dataset, bool compressed = true)
    {
        Directory.CreateDirectory(directory);
        foreach (var f in dataset.Files)
            File.WriteAllBytes(Path.Combine(directory, compressed ? f.Name : f.UncompressedName), [1]);
    }
}
