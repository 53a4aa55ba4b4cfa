using Nnfs.Models;
using Nnfs.Serialization;

namespace Nnfs.Playground.Export;

/// <summary>The trained model as the bytes of an Nnfs model file, for the page to download.</summary>
/// <remarks>The library saves models to paths (atomically), so the file is written to a fresh folder under the
/// temporary folder (in the browser, the runtime's in-memory file system), read back and deleted. The bytes are what
/// <see cref="ModelFile.Save"/> writes: <see cref="ModelFile.Load"/> and <c>nnfs predict</c> read them.</remarks>
public static class ModelExport
{
    /// <summary>The file name the page offers: <c>playground.nnfs</c>.</summary>
    public const string FileName = "playground.nnfs";

    /// <summary>The model file's bytes.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="NotSupportedException">As <see cref="ModelFile.Save"/>.</exception>
    /// <exception cref="InvalidOperationException">As <see cref="ModelFile.Save"/>.</exception>
    /// <exception cref="IOException">The temporary folder cannot be written.</exception>
    public static byte[] ToBytes(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        string folder = Path.Combine(Path.GetTempPath(), "nnfs-playground-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string path = Path.Combine(folder, FileName);
            ModelFile.Save(model, path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Only a leftover temporary folder; the export itself succeeded or already failed.
            }
        }
    }
}
