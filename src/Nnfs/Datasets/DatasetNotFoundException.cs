namespace Nnfs.Datasets;

/// <summary>
/// A data set is in none of the folders <see cref="DataLocator"/> searches and, where a download was allowed, could
/// not be downloaded either. The message is one line naming the folders searched and every way to provide the data.
/// </summary>
/// <remarks>
/// It derives from <see cref="DirectoryNotFoundException"/> (what <see cref="DataLocator.Locate"/> has always
/// thrown), so callers catching that or <see cref="IOException"/> keep working. When a download was tried and
/// failed, <see cref="Exception.InnerException"/> is its error (usually a <see cref="DatasetDownloadException"/>).
/// </remarks>
public sealed class DatasetNotFoundException : DirectoryNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="datasetName">The data set's name, e.g. <c>fashion-mnist</c>.</param>
    /// <param name="searched">The folders searched, in order.</param>
    /// <param name="message">The one-line message.</param>
    /// <param name="downloadFailure">Why the download failed, or null when none was tried.</param>
    public DatasetNotFoundException(string datasetName, IReadOnlyList<string> searched, string message, Exception? downloadFailure = null)
        : base(message, downloadFailure)
    {
        DatasetName = datasetName;
        Searched = searched;
    }

    /// <summary>The data set's name, e.g. <c>fashion-mnist</c>.</summary>
    public string DatasetName { get; }

    /// <summary>The folders searched, in order.</summary>
    public IReadOnlyList<string> Searched { get; }
}
