using Nnfs.Datasets;

namespace Nnfs.Testing;

/// <summary>
/// Finds the real data sets for tests through the tool's own <see cref="DataLocator"/> (<c>NNFS_DATA</c>, the user
/// cache, the operating system's folder such as Debian's <c>/usr/share/datasets/fashion-mnist</c>), to which it adds
/// <c>shared/datasets/&lt;name&gt;</c> beside the repository (the folder holding Nnfs.sln) or beside one of its
/// ancestors. A test that needs a data set that is absent is skipped with the locator's message as the reason
/// (<see cref="TestSkip"/>; under CI it fails instead), so it needs <c>[SkippableFact]</c> or
/// <c>[SkippableTheory]</c>.
/// </summary>
public static class TestData
{
    private static readonly Lazy<ImageDataSet> FashionTrain = new(() => IdxDataset.FashionMnist.Load(FashionMnistDirectory, DataSplitKind.Train));
    private static readonly Lazy<ImageDataSet> FashionTest = new(() => IdxDataset.FashionMnist.Load(FashionMnistDirectory, DataSplitKind.Test));

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The Fashion-MNIST folder; skips the test when there is none.</summary>
    public static string FashionMnistDirectory => Require(IdxDataset.FashionMnist);

    /// <summary>The MNIST folder; skips the test when there is none (MNIST has no Debian package).</summary>
    public static string MnistDirectory => Require(IdxDataset.Mnist);

    /// <summary>Fashion-MNIST training set in file order, loaded once per test run; skips the test without it.</summary>
    public static ImageDataSet FashionMnistTrain => Loaded(FashionTrain);

    /// <summary>Fashion-MNIST test set in file order, loaded once per test run; skips the test without it.</summary>
    public static ImageDataSet FashionMnistTest => Loaded(FashionTest);

    public static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", "Datasets", name);

    /// <summary>Golden lines without the comment header.</summary>
    public static IEnumerable<string> GoldenLines(string name) =>
        File.ReadLines(Golden(name)).Where(l => l.Length > 0 && l[0] != '#');

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);

    /// <summary>
    /// The locator the tests use for <paramref name="dataset"/>: the tool's, with the <c>shared/datasets</c> folders
    /// beside the repository and its ancestors searched before the operating system's folders.
    /// </summary>
    public static DataLocator Locator(IdxDataset dataset) =>
        new(systemDirectories: [.. SharedCandidates(dataset.Name), .. dataset.SystemDirectories]);

    /// <summary>The folder holding <paramref name="dataset"/>, or null.</summary>
    public static string? TryFind(IdxDataset dataset) => Locator(dataset).TryLocate(dataset);

    /// <summary>The folder holding <paramref name="dataset"/>; skips the test (fails it under CI) when there is none.</summary>
    public static string Require(IdxDataset dataset)
    {
        var locator = Locator(dataset);
        try
        {
            return locator.Locate(dataset);
        }
        catch (DatasetNotFoundException e)
        {
            string fix = dataset.SystemPackage is { } package
                ? $".ci/run must install it (apt-get install -y {package}) or run beside shared/datasets/{dataset.Name}."
                : $"{dataset.Name} has no Debian package: CI must run beside shared/datasets/{dataset.Name} (a copy of shared/ beside the clone) or set NNFS_DATA.";
            throw TestSkip.Because($"{e.Message} The tests also search shared/datasets/{dataset.Name} beside the repository and its parent folders.", fix);
        }
    }

    private static ImageDataSet Loaded(Lazy<ImageDataSet> data)
    {
        // Skip before touching the Lazy, which would cache the skip.
        _ = FashionMnistDirectory;
        return data.Value;
    }

    private static IEnumerable<string> SharedCandidates(string dataset)
    {
        for (var dir = new DirectoryInfo(RepositoryRoot); dir is not null; dir = dir.Parent)
            yield return Path.Combine(dir.FullName, "shared", "datasets", dataset);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Nnfs.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Nnfs.sln.");
    }
}
