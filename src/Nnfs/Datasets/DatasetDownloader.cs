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
/// the checksum matches. On a mismatch, an HTTP error or cancellation the partial file is deleted and the next
/// download location is tried; when all fail, an exception lists every failure. Files already present with the
/// right checksum are not downloaded again. The <see cref="HttpClient"/> is the seam for tests (a custom
/// <see cref="HttpMessageHandler"/> serving local files).
/// </remarks>
public sealed class DatasetDownloader : IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;

    /// <summary>Creates a downloader.</summary>
    /// <param name="client">The HTTP client to use (not disposed by this object); null creates one.</param>
    public DatasetDownloader(HttpClient? client = null)
    {
        _ownsClient = client is null;
        _client = client ?? new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
    }

    /// <summary>Downloads every file of <paramref name="dataset"/> into <paramref name="directory"/> (created if needed).</summary>
    /// <exception cref="IOException">A file could not be obtained from any location with the right checksum.</exception>
    public async Task DownloadAsync(
        IdxDataset dataset,
        string directory,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        for (int i = 0; i < dataset.Files.Count; i++)
        {
            var file = dataset.Files[i];
            string destination = Path.Combine(directory, file.Name);
            if (File.Exists(destination) && string.Equals(await Sha256OfFileAsync(destination, cancellationToken).ConfigureAwait(false), file.Sha256, StringComparison.OrdinalIgnoreCase))
                continue;
            var errors = new List<string>();
            bool done = false;
            foreach (var baseUri in dataset.DownloadBases)
            {
                var uri = new Uri(baseUri, file.Name);
                try
                {
                    await DownloadFileAsync(uri, destination, file.Sha256, file.Size, progress, i, dataset.Files.Count, cancellationToken)
                        .ConfigureAwait(false);
                    done = true;
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    errors.Add($"{uri}: {e.Message}");
                }
            }
            if (!done)
                throw new IOException($"{dataset.Name}: could not download {file.Name}. " + string.Join(" ", errors));
        }
    }

    /// <summary>
    /// Downloads <paramref name="uri"/> to <paramref name="destination"/>, accepting it only if its SHA-256 equals
    /// <paramref name="sha256"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The checksum differs; the partial file has been removed.</exception>
    /// <exception cref="HttpRequestException">The server answered with an error status.</exception>
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
        try
        {
            using var response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            long? total = response.Content.Headers.ContentLength ?? expectedSize;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            await using (var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                long received = 0;
                progress?.Report(new DownloadProgress(name, 0, total, fileIndex, fileCount));
                int n;
                while ((n = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await target.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    received += n;
                    progress?.Report(new DownloadProgress(name, received, total, fileIndex, fileCount));
                }
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

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
