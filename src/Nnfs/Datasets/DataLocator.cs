namespace Nnfs.Datasets;

/// <summary>
/// Finds a data set's files where users expect them, and downloads them into the per-user cache as a last resort.
/// </summary>
/// <remarks>
/// Search order for a data set named <c>name</c> (e.g. <c>fashion-mnist</c>); a folder qualifies when it holds all
/// four IDX files, each compressed (<c>.gz</c>) or not:
/// <list type="number">
/// <item>An explicit directory, if given: that folder or its <c>name</c> subfolder. When it is given but lacks the
/// files, the search stops with an error instead of silently using other data.</item>
/// <item>The environment variable <c>NNFS_DATA</c> (<see cref="EnvironmentVariable"/>): <c>$NNFS_DATA/name</c>, then
/// <c>$NNFS_DATA</c> itself.</item>
/// <item>The per-user cache <c>&lt;cache&gt;/nnfs/name</c>, where &lt;cache&gt; is <c>$XDG_CACHE_HOME</c> if set, else
/// LocalApplicationData on Windows, else <c>~/.cache</c>.</item>
/// <item>The system folders of the data set, e.g. <c>/usr/share/datasets/fashion-mnist</c> (Debian's
/// <c>dataset-fashion-mnist</c> package).</item>
/// <item>Otherwise <see cref="LocateOrDownloadAsync"/> downloads the files into the cache folder, verifying each
/// file's SHA-256.</item>
/// </list>
/// </remarks>
public sealed class DataLocator
{
    /// <summary>The environment variable naming a data root: <c>NNFS_DATA</c>.</summary>
    public const string EnvironmentVariable = "NNFS_DATA";

    private readonly Func<string, string?> _environment;

    /// <summary>Creates a locator.</summary>
    /// <param name="explicitDirectory">A folder the user named (e.g. a <c>--data</c> option), or null.</param>
    /// <param name="environment">Reads an environment variable; null uses the process environment. Tests pass a
    /// dictionary lookup.</param>
    /// <param name="cacheRoot">Overrides the per-user cache root (the folder that contains <c>nnfs/</c>); null
    /// derives it from the environment.</param>
    /// <param name="systemDirectories">Overrides the data sets' system folders; null uses
    /// <see cref="IdxDataset.SystemDirectories"/>.</param>
    public DataLocator(
        string? explicitDirectory = null,
        Func<string, string?>? environment = null,
        string? cacheRoot = null,
        IReadOnlyList<string>? systemDirectories = null)
    {
        ExplicitDirectory = explicitDirectory;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        CacheRoot = cacheRoot ?? DefaultCacheRoot(_environment);
        SystemDirectoriesOverride = systemDirectories;
    }

    /// <summary>The explicit folder, or null.</summary>
    public string? ExplicitDirectory { get; }

    /// <summary>The per-user cache root; data set files go to <c>CacheRoot/nnfs/name</c>.</summary>
    public string CacheRoot { get; }

    /// <summary>The system folders searched instead of the data set's own, or null.</summary>
    public IReadOnlyList<string>? SystemDirectoriesOverride { get; }

    /// <summary>The cache folder of <paramref name="dataset"/>: <c>CacheRoot/nnfs/name</c>.</summary>
    public string CacheDirectory(IdxDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Path.Combine(CacheRoot, "nnfs", dataset.Name);
    }

    /// <summary>The folders searched for <paramref name="dataset"/>, in order (the explicit ones only, if given).</summary>
    public IReadOnlyList<string> Candidates(IdxDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var list = new List<string>();
        if (ExplicitDirectory is not null)
        {
            list.Add(ExplicitDirectory);
            list.Add(Path.Combine(ExplicitDirectory, dataset.Name));
            return list;
        }
        string? env = _environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            list.Add(Path.Combine(env, dataset.Name));
            list.Add(env);
        }
        list.Add(CacheDirectory(dataset));
        list.AddRange(SystemDirectoriesOverride ?? dataset.SystemDirectories);
        return list;
    }

    /// <summary>The first candidate folder that holds all files of <paramref name="dataset"/>, or null.</summary>
    public string? TryLocate(IdxDataset dataset) =>
        Candidates(dataset).FirstOrDefault(d => Directory.Exists(d) && dataset.IsPresentIn(d));

    /// <summary>The folder holding <paramref name="dataset"/>; throws when none of the candidates has it.</summary>
    /// <exception cref="DirectoryNotFoundException">No candidate holds all files; the message lists them.</exception>
    public string Locate(IdxDataset dataset) => TryLocate(dataset) ?? throw NotFound(dataset);

    /// <summary>
    /// The folder holding <paramref name="dataset"/>, downloading it into <see cref="CacheDirectory"/> when no
    /// candidate has it (never when an explicit folder was given).
    /// </summary>
    /// <param name="dataset">The data set.</param>
    /// <param name="downloader">Performs the download; null creates one with a default <see cref="HttpClient"/>.</param>
    /// <param name="progress">Receives download progress, or null.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public async Task<string> LocateOrDownloadAsync(
        IdxDataset dataset,
        DatasetDownloader? downloader = null,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        string? found = TryLocate(dataset);
        if (found is not null) return found;
        if (ExplicitDirectory is not null) throw NotFound(dataset);
        string target = CacheDirectory(dataset);
        if (downloader is null)
        {
            using var owned = new DatasetDownloader();
            await owned.DownloadAsync(dataset, target, progress, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await downloader.DownloadAsync(dataset, target, progress, cancellationToken).ConfigureAwait(false);
        }
        return target;
    }

    /// <summary>The default per-user cache root: <c>$XDG_CACHE_HOME</c>, else LocalApplicationData on Windows, else <c>~/.cache</c>.</summary>
    public static string DefaultCacheRoot(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? xdg = environment("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)) return xdg;
        if (OperatingSystem.IsWindows())
            return Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        string home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache");
    }

    private DirectoryNotFoundException NotFound(IdxDataset dataset)
    {
        string where = string.Join(", ", Candidates(dataset));
        string what = string.Join(", ", dataset.Files.Select(f => f.Name));
        string hint = ExplicitDirectory is not null
            ? ""
            : $" Set {EnvironmentVariable} to a folder containing {dataset.Name}/, or allow the download.";
        return new DirectoryNotFoundException(
            $"{dataset.Name}: none of these folders holds all of {what} (compressed or not): {where}.{hint}");
    }
}
