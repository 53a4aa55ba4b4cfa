using Nnfs.Models;
using Nnfs.Serialization;

namespace Nnfs.Cli.Commands;

/// <summary>Loads model files with errors that name the file.</summary>
internal static class ModelFiles
{
    /// <summary>Loads a model saved by <c>nnfs train</c>.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path (a directory or a special file is refused by
    /// <see cref="ModelFile.Load"/> with a <see cref="ModelFormatException"/>).</exception>
    public static Model Load(string path)
    {
        if (!Path.Exists(path)) throw new FileNotFoundException($"model file '{path}' does not exist", path);
        return ModelFile.Load(path);
    }
}
