namespace Nnfs.Cli.Book;

/// <summary>
/// Where a chapter writes its files: the folder the user named (created if missing, kept), or a new temporary folder
/// deleted on <see cref="Dispose"/>.
/// </summary>
internal sealed class OutputFolder : IDisposable
{
    private readonly bool _temporary;

    /// <summary>Uses <paramref name="directory"/>, or creates a temporary folder whose name starts with <paramref name="prefix"/>.</summary>
    public OutputFolder(string? directory, string prefix)
    {
        if (directory is null)
        {
            Path = Directory.CreateTempSubdirectory(prefix).FullName;
            _temporary = true;
        }
        else
        {
            Path = Directory.CreateDirectory(directory).FullName;
        }
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Deletes the folder if it is temporary.</summary>
    public void Dispose()
    {
        if (!_temporary) return;
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
