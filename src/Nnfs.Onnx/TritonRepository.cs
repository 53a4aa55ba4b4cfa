using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Nnfs.Models;

namespace Nnfs.Onnx;

/// <summary>
/// Writes a model as one entry of a Triton Inference Server model repository (which KServe's Triton runtime serves
/// too): <c>{repository}/{name}/config.pbtxt</c> and <c>{repository}/{name}/1/model.onnx</c>, the ONNX file of
/// <see cref="OnnxExporter"/> run by Triton's ONNX Runtime backend.
/// </summary>
/// <remarks>
/// <para>The configuration (<see cref="Config"/>) names the model, the platform <c>onnxruntime_onnx</c>,
/// <c>max_batch_size</c>, the input <see cref="OnnxExporter.InputName"/> and the output
/// <see cref="OnnxExporter.OutputName"/> as <c>TYPE_FP32</c> with their dims without the batch dimension (Triton adds
/// it when <c>max_batch_size</c> &gt; 0, matching the ONNX graph's variable first dimension; a width the model does not
/// fix is <c>-1</c>), and <c>dynamic_batching { }</c>, so that Triton merges concurrent requests into batches of up to
/// <c>max_batch_size</c> rows. When the model records class names (<see cref="Model.ClassNames"/>), they are written
/// one per line to <c>{name}/labels.txt</c>, named by the output's <c>label_filename</c>, so that Triton's
/// classification extension answers with class names.</para>
/// <para>The write is atomic for the entry: everything goes to a hidden folder <c>.{name}.tmp-{random}</c> in the
/// repository (Triton skips hidden folders), which is then renamed to <c>{name}</c>; on failure it is deleted and the
/// repository is as before. An existing entry is replaced only if it holds nothing but what this class writes (a
/// previous export): it is renamed aside to <c>.{name}.old-{random}</c>, the new one renamed in, and the old one
/// deleted, so a reader sees the old entry, no entry for an instant, or the new entry, never a mix. Leftovers of an
/// interrupted write (those hidden folders for the same name) are deleted first.</para>
/// </remarks>
public static class TritonRepository
{
    /// <summary>The Triton platform of the ONNX Runtime backend: <c>onnxruntime_onnx</c>.</summary>
    public const string Platform = "onnxruntime_onnx";

    /// <summary>The file name of the configuration: <c>config.pbtxt</c>.</summary>
    public const string ConfigFileName = "config.pbtxt";

    /// <summary>The model version folder written: <c>1</c>.</summary>
    public const string Version = "1";

    /// <summary>The file name of the ONNX model in the version folder: <c>model.onnx</c> (Triton's default for the
    /// platform).</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>The file of class names, one per line, beside the configuration: <c>labels.txt</c>.</summary>
    public const string LabelsFileName = "labels.txt";

    /// <summary>The default <c>max_batch_size</c>: 128 rows (the tool's default training batch size).</summary>
    public const int DefaultMaxBatchSize = 128;

    /// <summary>The longest model name accepted: 128 characters.</summary>
    public const int MaxNameLength = 128;

    private const int RandomDigits = 12;

    /// <summary>Called with the staging folder once it is complete, before it is renamed: lets tests fail a write
    /// at its last step.</summary>
    internal static Action<string>? BeforeRename { get; set; }

    /// <summary>
    /// Whether <paramref name="name"/> can name a model: 1 to <see cref="MaxNameLength"/> ASCII letters, digits,
    /// <c>_</c>, <c>-</c> and <c>.</c>, not starting with <c>.</c> or <c>-</c>.
    /// </summary>
    /// <remarks>The name is a folder of the repository and a segment of the protocol's URLs
    /// (<c>/v2/models/{name}/infer</c>), so it keeps to characters that need no escaping in either; a leading <c>.</c>
    /// would make a hidden folder that Triton does not load.</remarks>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && name[0] is not ('.' or '-')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>The <c>config.pbtxt</c> text for <paramref name="model"/> served as <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid model name (<see cref="IsValidName"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBatchSize"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">A class name holds a line break, which the label file cannot hold.</exception>
    public static string Config(Model model, string name, int maxBatchSize = DefaultMaxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckName(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        var (features, outputs) = OnnxExporter.Widths(model);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"name: \"{name}\"\n");
        text.Append(CultureInfo.InvariantCulture, $"platform: \"{Platform}\"\n");
        text.Append(CultureInfo.InvariantCulture, $"max_batch_size: {maxBatchSize}\n");
        Tensor(text, "input", OnnxExporter.InputName, model.Input?.Length ?? features, labels: false);
        Tensor(text, "output", OnnxExporter.OutputName, outputs, labels: Labels(model) is not null);
        text.Append("dynamic_batching { }\n");
        return text.ToString();
    }

    private static void Tensor(StringBuilder text, string section, string name, long? width, bool labels)
    {
        text.Append(CultureInfo.InvariantCulture, $"{section} [\n  {{\n    name: \"{name}\"\n    data_type: TYPE_FP32\n    dims: [ {width ?? -1} ]\n");
        if (labels) text.Append(CultureInfo.InvariantCulture, $"    label_filename: \"{LabelsFileName}\"\n");
        text.Append("  }\n]\n");
    }

    /// <summary>The text of <see cref="LabelsFileName"/>, or null when the model records no class names.</summary>
    private static string? Labels(Model model)
    {
        if (model.ClassNames is not { } names) return null;
        for (int i = 0; i < names.Count; i++)
            if (names[i].AsSpan().ContainsAny('\r', '\n'))
                throw new InvalidOperationException($"Triton export: class name {i} holds a line break, which {LabelsFileName} (one name per line) cannot hold.");
        return string.Concat(names.Select(n => n + "\n"));
    }

    /// <summary>
    /// Writes <paramref name="model"/> as the entry <paramref name="name"/> of the repository folder
    /// <paramref name="repository"/> (created if missing), atomically; returns the entry's folder.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid model name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBatchSize"/> is below 1.</exception>
    /// <exception cref="NotSupportedException">A layer has no ONNX mapping (see <see cref="OnnxExporter.ToBytes"/>).</exception>
    /// <exception cref="InvalidOperationException">The model has no layers, its dense layers do not chain, its recorded
    /// input does not fit the first layer, or a class name holds a line break.</exception>
    /// <exception cref="IOException">The repository is a file or cannot be written, or the entry exists and holds
    /// something this class did not write (the message names the path). The repository is left as it was.</exception>
    /// <exception cref="UnauthorizedAccessException">The repository may not be written; it is left as it was.</exception>
    public static string Write(Model model, string repository, string name, int maxBatchSize = DefaultMaxBatchSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(repository);
        string config = Config(model, name, maxBatchSize);
        byte[] onnx = OnnxExporter.ToBytes(model);
        string root = Path.GetFullPath(repository);
        if (File.Exists(root)) throw new IOException($"Triton repository '{repository}' is a file, not a folder.");
        Directory.CreateDirectory(root);
        string target = Path.Combine(root, name);
        if (File.Exists(target)) throw new IOException($"'{target}' is a file; remove it or choose another model name.");
        if (Directory.Exists(target) && !IsPreviousExport(target))
            throw new IOException($"'{target}' already holds files that nnfs did not write; remove it or choose another model name.");
        RemoveLeftovers(root, name);

        string staging = Path.Combine(root, $".{name}.tmp-{RandomSuffix()}");
        try
        {
            Directory.CreateDirectory(Path.Combine(staging, Version));
            WriteFile(Path.Combine(staging, Version, ModelFileName), onnx);
            WriteFile(Path.Combine(staging, ConfigFileName), Encoding.UTF8.GetBytes(config));
            if (Labels(model) is { } labels) WriteFile(Path.Combine(staging, LabelsFileName), Encoding.UTF8.GetBytes(labels));
            BeforeRename?.Invoke(staging);
            if (Directory.Exists(target))
                Replace(target, staging, Path.Combine(root, $".{name}.old-{RandomSuffix()}"));
            else
                Directory.Move(staging, target);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
        return target;
    }

    private static void CheckName(string name)
    {
        if (!IsValidName(name))
            throw new ArgumentException($"'{name}' is not a valid model name: use 1 to {MaxNameLength} ASCII letters, digits, '_', '-' and '.', "
                + "not starting with '.' or '-'.", nameof(name));
    }

    /// <summary>Moves <paramref name="target"/> aside, <paramref name="staging"/> in, then deletes the old entry; if
    /// the second move fails, the old entry is moved back.</summary>
    private static void Replace(string target, string staging, string aside)
    {
        Directory.Move(target, aside);
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            Directory.Move(aside, target);
            throw;
        }
        TryDelete(aside);
    }

    /// <summary>True when <paramref name="folder"/> holds nothing but the files <see cref="Write"/> writes.</summary>
    private static bool IsPreviousExport(string folder)
    {
        string[] ours = [ConfigFileName, LabelsFileName, Path.Combine(Version, ModelFileName)];
        var entries = Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(e => Path.GetRelativePath(folder, e));
        return entries.All(e => e == Version ? Directory.Exists(Path.Combine(folder, e)) : ours.Contains(e));
    }

    /// <summary>Deletes the hidden staging and set-aside folders an interrupted write of <paramref name="name"/> left.</summary>
    private static void RemoveLeftovers(string root, string name)
    {
        foreach (string folder in Directory.EnumerateDirectories(root, $".{name}.*"))
        {
            string rest = Path.GetFileName(folder)[(name.Length + 1)..];
            bool leftover = (rest.StartsWith(".tmp-", StringComparison.Ordinal) || rest.StartsWith(".old-", StringComparison.Ordinal))
                            && rest.Length == 5 + RandomDigits && !rest.AsSpan(5).ContainsAnyExcept("0123456789abcdef");
            if (leftover) TryDelete(folder);
        }
    }

    private static void WriteFile(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomDigits / 2));

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
