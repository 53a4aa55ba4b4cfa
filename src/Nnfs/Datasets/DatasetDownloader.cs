using System.Security.Cryptography;

namespace Nnfs.Datasets;

/// <summary>Progress of a download.</summary>
/// <param name="FileName">The file being downloaded.</param>
/// <param name="BytesReceived">Bytes of this file received so far.</param>
/// <param name="TotalBytes">Expected size of this file, or null when unknown.</param>
/// <param name="FileIndex">0-based index of this file among <paramref name="FileCount"/>.</param>
/// <param name="FileCount">Number of files in the download.</param>
public readonly record struct DownloadProgress(string FileName, long BytesReceived, long? TotalBytes, int FileIndex, int FileCount);

/// <summary>
/// Downloads a data set's files and verifies each against its SHA-256 before it is put in place.
/// </summary>
/// <remarks>
/// Each file is streamed to <c>name.part</c> while its SHA-256 is computed, then renamed to <c>name</c> only when
/// the checksum matches. On a mismatch, an HTTP error, a time-out or cancellation the partial file is deleted and the
/// next download location is tried; when all fail, a <see cref="DatasetDownloadException"/> lists every failure.
/// Files already present with the right checksum are not downloaded again. Without a network nothing waits long: a
/// location must answer within <see cref="ResponseTimeout"/> and then deliver data without a pause longer than
/// <see cref="StallTimeout"/>. The <see cref="HttpClient"/> is the seam for tests (a custom
/// <see cref="HttpMessageHandler"/> serving local files).
/// </remarks>
public sealed class DatasetDownloader : IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;

    /// <summary>Creates a downloader.</summary>
    /// <param name="client">The HTTP client to use (not disposed by this object; its own time-out applies as well);
    /// null creates one.</param>
    public DatasetDownloader(HttpClient? client = null)
    {
        _ownsClient = client is null;
        _client = client ?? new HttpClient(new SocketsHttpHandler { ConnectTimeout = DefaultResponseTimeout })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    private static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest wait from sending a request to its response headers (name lookup, connection, TLS and the
    /// server's answer); default 10 s. A location that does not answer in time counts as failed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public TimeSpan ResponseTimeout
    {
        get;
        init => field = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be positive");
    } = DefaultResponseTimeout;

    /// <summary>
    /// The longest pause allowed while a file's data arrives; default 30 s. A download that stalls longer counts as
    /// failed (there is no limit on the total time, which depends on the connection's speed).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public TimeSpan StallTimeout
    {
        get;
        init => field = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be positive");
    } = TimeSpan.FromSeconds(30);

    /// <summary>Downloads every file of <paramref name="dataset"/> into <paramref name="directory"/> (created if needed).</summary>
    /// <remarks>When this method fails before any file is in place, it removes the folders it created (now empty)
    /// again.</remarks>
    /// <exception cref="DatasetDownloadException">A file could not be obtained from any location with the right
    /// checksum; the message lists each location and its failure.</exception>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be created or written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task DownloadAsync(
        IdxDataset dataset,
        string directory,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string? firstCreated = FirstMissingFolder(Path.GetFullPath(directory));
        Directory.CreateDirectory(directory);
        try
        {
            for (int i = 0; i < dataset.Files.Count; i++)
                await DownloadOneAsync(dataset, i, directory, progress, cancellationToken).ConfigureAwait(false);
        }
        catch when (firstCreated is not null)
        {
            RemoveEmptyFolders(Path.GetFullPath(directory), firstCreated);
            throw;
        }
    }

    private static string? FirstMissingFolder(string directory)
    {
        string? missing = null;
        for (string? d = directory; d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d)) missing = d;
        return missing;
    }

    private static void RemoveEmptyFolders(string directory, string upTo)
    {
        for (string? d = directory; d is not null && d.Length >= upTo.Length; d = Path.GetDirectoryName(d))
        {
            if (Directory.EnumerateFileSystemEntries(d).Any()) return;
            Directory.Delete(d);
        }
    }

    private async Task DownloadOneAsync(IdxDataset dataset, int index, string directory, IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var file = dataset.Files[index];
        string destination = Path.Combine(directory, file.Name);
        if (File.Exists(destination) && string.Equals(await Sha256OfFileAsync(destination, cancellationToken).ConfigureAwait(false), file.Sha256, StringComparison.OrdinalIgnoreCase))
            return;
        var failures = new List<(Uri, string)>();
        foreach (var baseUri in dataset.DownloadBases)
        {
            var uri = new Uri(baseUri, file.Name);
            try
            {
                await DownloadFileAsync(uri, destination, file.Sha256, file.Size, progress, index, dataset.Files.Count, cancellationToken)
                    .ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or TimeoutException
                                          || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                failures.Add((uri, Reason(e)));
            }
        }
        throw new DatasetDownloadException(dataset.Name, file.Name, failures);
    }

    /// <summary>
    /// Downloads <paramref name="uri"/> to <paramref name="destination"/>, accepting it only if its SHA-256 equals
    /// <paramref name="sha256"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The checksum differs; the partial file has been removed.</exception>
    /// <exception cref="HttpRequestException">The server answered with an error status, or could not be reached.</exception>
    /// <exception cref="TimeoutException">No response within <see cref="ResponseTimeout"/>, or a pause in the data
    /// longer than <see cref="StallTimeout"/>; the partial file has been removed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task DownloadFileAsync(
        Uri uri,
        string destination,
        string sha256,
        long? expectedSize = null,
        IProgress<DownloadProgress>? progress = null,
        int fileIndex = 0,
        int fileCount = 1,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        string name = Path.GetFileName(destination);
        string partial = destination + ".part";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            deadline.CancelAfter(ResponseTimeout);
            HttpResponseMessage response;
            try
            {
                response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no response within {Seconds(ResponseTimeout)}");
            }
            using var owned = response;
            response.EnsureSuccessStatusCode();
            long? total = response.Content.Headers.ContentLength ?? expectedSize;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long received = 0;
            try
            {
                deadline.CancelAfter(StallTimeout);
                await using var source = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                await using var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                var buffer = new byte[1 << 16];
                progress?.Report(new DownloadProgress(name, 0, total, fileIndex, fileCount));
                int n;
                while ((n = await source.ReadAsync(buffer, deadline.Token).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    received += n;
                    progress?.Report(new DownloadProgress(name, received, total, fileIndex, fileCount));
                    deadline.CancelAfter(StallTimeout);
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"no data for {Seconds(StallTimeout)} after {received} bytes");
            }
            string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException(
                    $"{name} from {uri}: SHA-256 is {actual}, expected {sha256.ToLowerInvariant()}; the download was discarded.");
            File.Move(partial, destination, overwrite: true);
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    /// <summary>The SHA-256 of a file as lower-case hex.</summary>
    public static async Task<string> Sha256OfFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Why a download failed, in a few words: the network error itself when a location could not be reached (e.g.
    /// <c>Name or service not known</c>), otherwise the exception's message.
    /// </summary>
    internal static string Reason(Exception e) => e switch
    {
        HttpRequestException { StatusCode: null } h when FindSocketError(h) is { } socket => socket.Message,
        _ => e.Message,
    };

    private static System.Net.Sockets.SocketException? FindSocketError(Exception e)
    {
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is System.Net.Sockets.SocketException socket) return socket;
        return null;
    }

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s";

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
