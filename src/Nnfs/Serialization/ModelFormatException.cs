namespace Nnfs.Serialization;

/// <summary>
/// A model or parameter file that cannot be used: not a regular file (a directory, a pipe, a device), truncated,
/// damaged or altered (a checksum mismatch), malformed in any way, of another format or version, or not matching the
/// model it is loaded into. The one-line message names the file and the problem.
/// </summary>
/// <remarks>
/// This is the only exception a malformed file produces, however it was crafted (see the threat model in
/// <c>docs/model-format.md</c>); a missing file is a <see cref="FileNotFoundException"/> instead. Loading validates
/// the whole file before anything is assigned, so when this exception is thrown the model being loaded into (if any)
/// is unchanged. It derives from <see cref="IOException"/>, so code that catches I/O errors catches it too.
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
