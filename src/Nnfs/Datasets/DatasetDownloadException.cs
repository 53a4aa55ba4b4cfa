namespace Nnfs.Datasets;

/// <summary>
/// A data set file could not be obtained from any of its download locations with the right checksum.
/// </summary>
/// <remarks>
/// The message names the file and, for each location tried, its address and why it failed; <see cref="Reasons"/>
/// holds the distinct reasons alone (e.g. <c>Name or service not known</c> when there is no network), for messages
/// that must stay short.
/// </remarks>
public sealed class DatasetDownloadException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="datasetName">The data set's name, e.g. <c>fashion-mnist</c>.</param>
    /// <param name="fileName">The file that could not be downloaded.</param>
    /// <param name="failures">Each location tried and why it failed, in order (at least one).</param>
    public DatasetDownloadException(string datasetName, string fileName, IReadOnlyList<(Uri Location, string Reason)> failures)
        : base($"{datasetName}: could not download {fileName}: " +
               string.Join("; ", (failures ?? []).Select(f => $"{f.Location}: {f.Reason}")))
    {
        ArgumentNullException.ThrowIfNull(failures);
        DatasetName = datasetName;
        FileName = fileName;
        Reasons = [.. failures.Select(f => f.Reason).Distinct()];
    }

    /// <summary>The data set's name.</summary>
    public string DatasetName { get; }

    /// <summary>The file that could not be downloaded.</summary>
    public string FileName { get; }

    /// <summary>The distinct reasons the locations failed, in the order first seen.</summary>
    public IReadOnlyList<string> Reasons { get; }
}
