using System.Security.Cryptography;

namespace Nnfs.Cli.Commands;

/// <summary>
/// Checks, before any work starts, that a file a command will write can be written: the same rule for every command
/// (<c>train --output</c> and <c>--plot</c>, <c>evaluate --plot</c>, <c>export --onnx</c>).
/// </summary>
/// <remarks>
/// A missing parent folder is created (with its own missing parents), as <c>mkdir -p</c> would; the file itself is not
/// created. Refused, with one line naming the option and the path or folder: an empty name, a path that is an
/// existing folder, a parent that cannot be created (a part of it is a file, no permission), and a folder in which no
/// file can be created (checked by creating and deleting a probe file next to the target).
/// </remarks>
internal static class OutputFiles
{
    /// <summary>Makes sure <paramref name="path"/> can be written, creating its folder if needed.</summary>
    /// <param name="path">The file to be written later.</param>
    /// <param name="option">The option that named it, for messages (e.g. <c>--output</c>).</param>
    /// <exception cref="ArgumentException">The name is empty or not a valid path.</exception>
    /// <exception cref="IOException">The path is a folder, or its folder cannot be created or written to.</exception>
    public static void Prepare(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException($"{option}: the file name is empty");
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException($"{option}: '{path}' is not a valid file name ({e.Message})", e);
        }
        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(path))
            throw new IOException($"{option}: '{path}' is a folder; give a file name");
        string folder = Path.GetDirectoryName(full) ?? full;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option}: cannot create the folder '{folder}' for '{path}': {Reason(e)}", e);
        }
        string probe = $"{full}.nnfs-probe-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        try
        {
            using var _ = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option}: cannot write '{path}' in the folder '{folder}': {Reason(e)}", e);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        _ => CommandRunner.OneLine(e.Message),
    };
}
