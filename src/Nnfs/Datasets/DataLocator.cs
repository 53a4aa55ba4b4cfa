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
/// When the data set is in none of these places (and the download, if tried, fails), a
/// <see cref="DatasetNotFoundException"/> says so in one line that names the folders searched and every way to
/// provide the data: the operating system's package (<see cref="IdxDataset.SystemPackage"/>), a folder given
/// explicitly (<see cref="ExplicitDirectoryOption"/>) or through <c>NNFS_DATA</c>, the cache folder, or a network
/// connection for the checked download.
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

    /// <summary>
    /// How users name the explicit folder, e.g. the command-line option <c>--data-dir</c>; the not-found message
    /// offers it as a way to provide the data. Default null: the message mentions only <c>NNFS_DATA</c>.
    /// </summary>
    public string? ExplicitDirectoryOption { get; init; }

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
    /// <exception cref="DatasetNotFoundException">No candidate holds all files; the message lists them and the ways
    /// to provide the data set.</exception>
    public string Locate(IdxDataset dataset) => TryLocate(dataset) ?? throw NotFound(dataset);

    /// <summary>
    /// The folder holding <paramref name="dataset"/>, downloading it into <see cref="CacheDirectory"/> when no
    /// candidate has it (never when an explicit folder was given).
    /// </summary>
    /// <param name="dataset">The data set.</param>
    /// <param name="downloader">Performs the download; null creates one with a default <see cref="HttpClient"/>.</param>
    /// <param name="progress">Receives download progress, or null.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <exception cref="DatasetNotFoundException">No candidate holds all files and the download failed (its error is
    /// the inner exception), or an explicit folder lacks them; one line naming the folders searched and every way
    /// to provide the data set.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
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
        try
        {
            if (downloader is null)
            {
                using var owned = new DatasetDownloader();
                await owned.DownloadAsync(dataset, target, progress, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await downloader.DownloadAsync(dataset, target, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or TimeoutException)
        {
            throw NotFound(dataset, e);
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

    private DatasetNotFoundException NotFound(IdxDataset dataset, Exception? downloadFailure = null)
    {
        var searched = Candidates(dataset);
        string where = string.Join(", ", searched);
        string what = string.Join(", ", dataset.Files.Select(f => f.Name));
        if (ExplicitDirectory is not null)
            return new DatasetNotFoundException(dataset.Name, searched,
                $"{dataset.Name}: none of these folders holds all of {what} (compressed or not): {where}.");
        string failure = downloadFailure switch
        {
            null => "",
            DatasetDownloadException d => $", and the checked download failed ({string.Join("; ", d.Reasons)})",
            _ => $", and the checked download failed ({downloadFailure.Message})",
        };
        var ways = new List<string>();
        if (dataset.SystemPackage is { } package) ways.Add($"apt-get install {package} (Debian, Ubuntu)");
        string named = ExplicitDirectoryOption is null ? $"{EnvironmentVariable}=DIR" : $"{ExplicitDirectoryOption} DIR or {EnvironmentVariable}=DIR";
        string example = dataset.Files.Count > 0 ? $" ({dataset.Files[0].Name}, …; compressed or not)" : "";
        ways.Add($"a folder DIR holding its {dataset.Files.Count} IDX files{example} given with {named}");
        ways.Add($"those files copied into the cache folder {CacheDirectory(dataset)}");
        if (downloadFailure is not null) ways.Add("a network connection for the checked download");
        string list = string.Join("; ", ways.SkipLast(1)) + "; or " + ways[^1];
        return new DatasetNotFoundException(dataset.Name, searched,
            $"{dataset.Name} is not on this machine (searched {where}){failure}. Provide it in any of these ways: {list}.",
            downloadFailure);
    }
}
