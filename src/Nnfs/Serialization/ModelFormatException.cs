namespace Nnfs.Serialization;

/// <summary>
/// A model or parameter file that cannot be used: truncated, corrupt, of another format or version, or not matching
/// the model it is loaded into. The message names the file and the problem.
/// </summary>
/// <remarks>
/// Loading validates the whole file before anything is assigned, so when this exception is thrown the model being
/// loaded into (if any) is unchanged.
/// </remarks>
public sealed class ModelFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="source"/> (a file path or another description of the bytes).</summary>
    /// <param name="source">The file path, or a description such as <c>&lt;memory&gt;</c>.</param>
    /// <param name="problem">What is wrong, without the file name.</param>
    /// <param name="inner">The underlying exception, e.g. a JSON parse error, or null.</param>
    public ModelFormatException(string source, string problem, Exception? inner = null)
        : base($"'{source}' is not a usable nnfs file: {problem}", inner)
    {
        FilePath = source;
        Problem = problem;
    }

    /// <summary>The file path (or description of the bytes) that was being read.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with the file.</summary>
    public string Problem { get; }
}
