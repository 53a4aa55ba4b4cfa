using Nnfs.Datasets;

namespace Nnfs.Tests.Datasets;

/// <summary>
/// Finds the real data sets for tests: <c>shared/datasets/&lt;name&gt;</c> beside the repository (the folder holding
/// Nnfs.sln) or beside one of its ancestors, then <c>/usr/share/datasets/&lt;name&gt;</c>. Missing data fails the
/// test with a message; it never passes silently.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<ImageDataSet> FashionTrain = new(() => IdxDataset.FashionMnist.Load(FashionMnistDirectory, DataSplitKind.Train));
    private static readonly Lazy<ImageDataSet> FashionTest = new(() => IdxDataset.FashionMnist.Load(FashionMnistDirectory, DataSplitKind.Test));

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string FashionMnistDirectory => Find("fashion-mnist");

    public static string MnistDirectory => Find("mnist");

    /// <summary>Fashion-MNIST training set in file order, loaded once per test run.</summary>
    public static ImageDataSet FashionMnistTrain => FashionTrain.Value;

    /// <summary>Fashion-MNIST test set in file order, loaded once per test run.</summary>
    public static ImageDataSet FashionMnistTest => FashionTest.Value;

    public static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", "Datasets", name);

    /// <summary>Golden lines without the comment header.</summary>
    public static IEnumerable<string> GoldenLines(string name) =>
        File.ReadLines(Golden(name)).Where(l => l.Length > 0 && l[0] != '#');

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    public static string Find(string dataset)
    {
        var tried = new List<string>();
        for (var dir = new DirectoryInfo(RepositoryRoot); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "datasets", dataset);
            tried.Add(candidate);
            if (IdxDataset.FashionMnist.IsPresentIn(candidate)) return candidate;
        }
        string system = Path.Combine("/usr/share/datasets", dataset);
        tried.Add(system);
        if (Directory.Exists(system) && IdxDataset.FashionMnist.IsPresentIn(system)) return system;
        throw new InvalidOperationException(
            $"The {dataset} IDX files were not found; tried {string.Join(", ", tried)}. " +
            "The data tests need the shared/datasets folder beside the repository.");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nnfs.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Nnfs.sln.");
    }
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nnfs-test-" + Guid.NewGuid().ToString("N"));

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
