using System.Security.Cryptography;
using System.Text;
using Nnfs.Layers;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Serialization;

/// <summary>
/// Saves and loads models (the book's <c>save</c>/<c>load</c>) and their parameters alone (the book's
/// <c>save_parameters</c>/<c>load_parameters</c>) in the nnfs file format: a safetensors file whose metadata
/// describes the model (specification: <c>docs/model-format.md</c>). Writes version 2; reads versions 1 and 2.
/// </summary>
/// <remarks>
/// <para>Tensors are named <c>layers.{i}.weight</c> and <c>layers.{i}.bias</c>, where i is the layer's index in
/// <see cref="Model.Layers"/>; weights are <c>[inputs, neurons]</c> (PyTorch stores the transpose). A model file adds
/// the optimizer state <c>layers.{i}.{weight|bias}.{momentum|cache}</c>, and its <c>model</c> metadata holds the
/// architecture, loss, accuracy and optimizer (with <c>iterations</c> and <c>current_learning_rate</c>), so training
/// resumes exactly where it stopped. The dropout random generator's state is not saved.</para>
/// <para>Saving is atomic (see <see cref="AtomicFile"/>). Loading validates the whole file (layout, checksum, format
/// name and version, kind, description, tensor names and shapes) before creating or changing anything, and refuses a
/// bad file with a <see cref="ModelFormatException"/> naming the file and the problem. The checksum of a version-2 file
/// covers its whole header (tensor table and every metadata entry) and its data; a version-1 file, whose checksums
/// cover only the data and the description, loads only when its tensor table is exactly the one the version-1 writer
/// produced.</para>
/// <para>Threat model: the checksums catch accidental damage and naive edits, not a deliberately crafted file (its
/// author can recompute them). For any file, however crafted, a load runs no code from the file, allocates at most
/// 50 × the file's size + 1 MiB (every size is checked against the file before anything of that size is
/// allocated), and either returns a consistent model or throws one of the documented exceptions.</para>
/// </remarks>
public static class ModelFile
{
    /// <summary>The value of the <c>format</c> metadata entry.</summary>
    public const string FormatName = "nnfs";

    /// <summary>The format version written (metadata <c>format_version</c>); versions 1 and 2 are read.</summary>
    public const string FormatVersion = "2";

    /// <summary>The first version, still read: its checksum covers only the data, its tensor table must be canonical.</summary>
    private const string FormatVersion1 = "1";

    /// <summary>The <c>kind</c> of a whole-model file.</summary>
    public const string ModelKind = "model";

    /// <summary>The <c>kind</c> of a parameters-only file.</summary>
    public const string ParametersKind = "parameters";

    private static readonly IReadOnlySet<string> AnySlot = new HashSet<string> { Optimizer.MomentumSlot, Optimizer.CacheSlot };
    private static readonly IReadOnlySet<string> NoSlot = new HashSet<string>();

    /// <summary>Metadata key of the format name.</summary>
    public const string FormatKey = "format";

    /// <summary>Metadata key of the format version.</summary>
    public const string VersionKey = "format_version";

    /// <summary>Metadata key of the file kind.</summary>
    public const string KindKey = "kind";

    /// <summary>Metadata key of an optional record of the training run (model files written by <c>nnfs train</c>);
    /// its content is the tool's, not checked by this class.</summary>
    public const string TrainingKey = "training";

    /// <summary>Metadata key of the JSON model description (model files only).</summary>
    public const string ModelKey = "model";

    /// <summary>Metadata key of the SHA-256 (lowercase hex) of the UTF-8 bytes of the description (version-1 model files
    /// only; version 2 covers the description with the file's checksum).</summary>
    public const string ModelChecksumKey = "model_checksum";

    /// <summary>Metadata key of the model's input description and preprocessing (<see cref="Model.Input"/>; model files
    /// only, absent when the model records none).</summary>
    public const string InputKey = "input";

    /// <summary>Metadata key of the model's class names, a JSON array of strings (<see cref="Model.ClassNames"/>; model
    /// files only, absent when the model records none).</summary>
    public const string ClassNamesKey = "class_names";

    /// <summary>Metadata key of the version of Nnfs that wrote the file (<see cref="LibraryVersion"/>); absent in files
    /// written before it was recorded.</summary>
    public const string WriterVersionKey = "nnfs_version";

    /// <summary>The longest <see cref="WriterVersionKey"/> value a file may hold.</summary>
    private const int MaxWriterVersionLength = 256;

    /// <summary>This library's version as written to <see cref="WriterVersionKey"/>: the assembly's informational
    /// version (e.g. <c>1.0.0+3f2a…</c>, the commit it was built from after the <c>+</c>).</summary>
    public static string LibraryVersion { get; } =
        typeof(ModelFile).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? typeof(ModelFile).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// Saves the whole model to <paramref name="path"/>: architecture, loss, accuracy, optimizer with its state, and
    /// parameters (the book's <c>model.save</c>).
    /// </summary>
    /// <remarks>Only the state slots the current optimizer uses are written (after a change of optimizer, slots
    /// left by the previous one are dropped).</remarks>
    /// <exception cref="NotSupportedException">A layer, loss, accuracy or optimizer is of a type the format does not
    /// know; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">The model has no layers, or its <see cref="Model.Input"/> or
    /// <see cref="Model.ClassNames"/> does not fit its layers; nothing is written.</exception>
    /// <exception cref="IOException">The file cannot be written (see <see cref="AtomicFile.Write"/>); the message names
    /// <paramref name="path"/>, and a previous file there is unchanged.</exception>
    public static void Save(Model model, string path) => SaveCore(model, path, null);

    /// <summary>
    /// Saves the model as <see cref="Save"/> does, with <paramref name="training"/> as the <see cref="TrainingKey"/>
    /// metadata entry: the record of the training run that <c>nnfs train --resume</c> reads.
    /// </summary>
    /// <exception cref="NotSupportedException">As <see cref="Save"/>.</exception>
    /// <exception cref="InvalidOperationException">As <see cref="Save"/>.</exception>
    /// <exception cref="IOException">As <see cref="Save"/>.</exception>
    public static void SaveWithTraining(Model model, string path, string training)
    {
        ArgumentNullException.ThrowIfNull(training);
        SaveCore(model, path, training);
    }

    private static void SaveCore(Model model, string path, string? training)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (model.Layers.Count == 0)
            throw new InvalidOperationException($"ModelFile.Save: the model has no layers; nothing was written to '{path}'.");
        if (model.DescriptionProblem() is { } problem)
            throw new InvalidOperationException($"ModelFile.Save: {problem}; nothing was written to '{path}'.");
        var description = new ModelDescription(model.Layers, model.Loss, model.Accuracy, model.Optimizer);
        string json = description.ToJson();
        var slots = description.AllowedStateSlots;
        var tensors = new List<KeyValuePair<string, Matrix>>();
        foreach (var (key, parameter) in model.NamedParameters())
        {
            tensors.Add(new(key, parameter.Value));
            foreach (var (slot, state) in parameter.OptimizerState.Where(s => slots.Contains(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal))
                tensors.Add(new($"{key}.{slot}", state));
        }
        var metadata = Metadata(ModelKind, json);
        if (training is not null) metadata[TrainingKey] = training;
        if (model.Input is { } input) metadata[InputKey] = InputDescription.ToJson(input);
        if (model.ClassNames is { } classNames) metadata[ClassNamesKey] = InputDescription.ClassNamesToJson(classNames);
        SafeTensorsWriter.WriteFile(path, new SafeTensorsFile(tensors, metadata));
    }

    /// <summary>
    /// Loads a model saved by <see cref="Save"/> (the book's <c>Model.load</c>): a new, built model ready to
    /// evaluate, predict or continue training.
    /// </summary>
    /// <exception cref="ModelFormatException">The path names a directory or a special file (a pipe, a device), or the
    /// file is truncated, corrupt, of another format, version or kind, or its tensors do not fit its description. The
    /// message names the file.</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/> (or a folder on it is missing).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="IOException">The operating system failed to read the file.</exception>
    /// <remarks>Allocates at most 50 × the file's size + 1 MiB, whatever the file holds (see the threat model in the
    /// class remarks).</remarks>
    public static Model Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromContent(SafeTensorsReader.ReadFile(path), path);
    }

    /// <summary>
    /// Loads a model as <see cref="Load"/> does, and the text of its <see cref="TrainingKey"/> metadata entry
    /// (null when the file has none).
    /// </summary>
    /// <remarks>The entry is covered by the version-2 header checksum like every metadata entry; this method does not
    /// interpret it.</remarks>
    /// <exception cref="ModelFormatException">As <see cref="Load"/>.</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/> (or a folder on it is missing).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="IOException">The operating system failed to read the file.</exception>
    public static Model LoadWithTraining(string path, out string? training)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = SafeTensorsReader.ReadFile(path);
        var model = FromContent(file, path);
        training = file.Metadata.GetValueOrDefault(TrainingKey);
        return model;
    }

    /// <summary>Loads a model from a file's bytes; <paramref name="source"/> names them in error messages.</summary>
    internal static Model LoadFromBytes(ReadOnlySpan<byte> bytes, string source) => FromContent(SafeTensorsReader.Read(bytes, source), source);

    private static Model FromContent(SafeTensorsFile file, string path)
    {
        string version = CheckNnfs(file, path, ModelKind);
        if (!file.Metadata.TryGetValue(ModelKey, out string? json))
            throw new ModelFormatException(path, $"the metadata has no '{ModelKey}' entry describing the model.");
        if (version == FormatVersion1)
        {
            if (!file.Metadata.TryGetValue(ModelChecksumKey, out string? checksum))
                throw new ModelFormatException(path, $"the metadata has no '{ModelChecksumKey}' of the model description.");
            if (checksum != Sha256(json))
                throw new ModelFormatException(path, $"checksum mismatch: the model description was damaged or altered ('{ModelChecksumKey}' is {checksum}, the description has {Sha256(json)}).");
        }
        var description = ModelDescription.Parse(json, path, (index, inputs, neurons) =>
        {
            // Model.NamedParameters names a dense layer's parameters so; CheckTensors below checks the built model again.
            CheckShape(file, $"layers.{index}.weight", inputs, neurons, path);
            CheckShape(file, $"layers.{index}.bias", 1, neurons, path);
        });
        var model = new Model();
        try
        {
            foreach (var layer in description.Layers) model.Add(layer);
            model.Set(description.Loss, description.Optimizer, description.Accuracy);
            model.Build();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new ModelFormatException(path, $"the described model cannot be built: {ex.Message}", ex);
        }
        if (file.Metadata.TryGetValue(InputKey, out string? input))
            model.Input = InputDescription.Parse(input, path);
        if (file.Metadata.TryGetValue(ClassNamesKey, out string? classNames))
            model.ClassNames = InputDescription.ParseClassNames(classNames, path);
        if (model.DescriptionProblem() is { } problem)
            throw new ModelFormatException(path, problem + ".");
        var parameters = model.NamedParameters().ToList();
        var states = CheckTensors(file, parameters, description.AllowedStateSlots, version, path);
        foreach (var (key, parameter) in parameters)
            file.Find(key)!.Span.CopyTo(parameter.Value.Span);
        foreach (var (parameter, slot, value) in states)
            parameter.OptimizerState[slot] = value;
        return model;
    }

    /// <summary>Saves the parameters of the trainable layers (the book's <c>model.save_parameters</c>).</summary>
    /// <exception cref="IOException">The file cannot be written (see <see cref="AtomicFile.Write"/>); the message names
    /// <paramref name="path"/>, and a previous file there is unchanged.</exception>
    public static void SaveParameters(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var tensors = model.NamedParameters().Select(p => new KeyValuePair<string, Matrix>(p.Key, p.Value.Value));
        SafeTensorsWriter.WriteFile(path, new SafeTensorsFile(tensors, Metadata(ParametersKind, null)));
    }

    /// <summary>
    /// Loads parameters saved by <see cref="SaveParameters"/> (or the parameters of a file saved by <see cref="Save"/>)
    /// into <paramref name="model"/>, whose layers must have the same parameter names and shapes (the book's
    /// <c>model.load_parameters</c>). The optimizer state of <paramref name="model"/> is left as it is.
    /// </summary>
    /// <exception cref="ModelFormatException">The file is bad or does not match the model; the model is unchanged.</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/> (or a folder on it is missing).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="IOException">The operating system failed to read the file.</exception>
    public static void LoadParameters(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ParametersFromContent(model, SafeTensorsReader.ReadFile(path), path);
    }

    /// <summary>Loads parameters from a file's bytes into <paramref name="model"/>; <paramref name="source"/> names them in error messages.</summary>
    internal static void LoadParametersFromBytes(Model model, ReadOnlySpan<byte> bytes, string source) =>
        ParametersFromContent(model, SafeTensorsReader.Read(bytes, source), source);

    private static void ParametersFromContent(Model model, SafeTensorsFile file, string path)
    {
        string version = CheckNnfs(file, path, null);
        var parameters = model.NamedParameters().ToList();
        var stateSlots = file.Metadata[KindKey] == ModelKind ? AnySlot : NoSlot;
        CheckTensors(file, parameters, stateSlots, version, path);
        foreach (var (key, parameter) in parameters)
            file.Find(key)!.Span.CopyTo(parameter.Value.Span);
    }

    private static Dictionary<string, string> Metadata(string kind, string? description)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FormatKey] = FormatName,
            [VersionKey] = FormatVersion,
            [KindKey] = kind,
            [WriterVersionKey] = LibraryVersion,
        };
        if (description is not null) metadata[ModelKey] = description;
        return metadata;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Checks format name, version, kind and what the checksum covers; returns the version.</summary>
    private static string CheckNnfs(SafeTensorsFile file, string path, string? kind)
    {
        var metadata = file.Metadata;
        if (!metadata.TryGetValue(FormatKey, out string? format))
            throw new ModelFormatException(path, $"it is a safetensors file but not an nnfs one (no '{FormatKey}' metadata).");
        if (format != FormatName)
            throw new ModelFormatException(path, $"its format is '{format}', expected '{FormatName}'.");
        if (!metadata.TryGetValue(VersionKey, out string? version))
            throw new ModelFormatException(path, $"the metadata has no '{VersionKey}'.");
        if (version is not (FormatVersion1 or FormatVersion))
            throw new ModelFormatException(path, $"format version '{version}' is not supported (this library reads versions {FormatVersion1} and {FormatVersion}).");
        var required = version == FormatVersion1 ? ChecksumScope.Data : ChecksumScope.HeaderAndData;
        if (file.ChecksumScope == ChecksumScope.None)
            throw new ModelFormatException(path, $"the metadata has no '{SafeTensorsFile.ChecksumKey}'.");
        if (file.ChecksumScope != required)
            throw new ModelFormatException(path, version == FormatVersion1
                ? "checksum mismatch: a version-1 checksum covers the data alone, but this one covers the header too (the file was altered)."
                : "checksum mismatch: the header was damaged or altered (a version-2 checksum covers the header and the data, this one matches the data alone).");
        if (metadata.TryGetValue(WriterVersionKey, out string? writer) && (writer.Length is 0 or > MaxWriterVersionLength || writer.Any(char.IsControl)))
            throw new ModelFormatException(path, $"the '{WriterVersionKey}' metadata must be a version of 1 to {MaxWriterVersionLength} printable characters.");
        metadata.TryGetValue(KindKey, out string? actual);
        if (actual is not (ModelKind or ParametersKind))
            throw new ModelFormatException(path, $"its kind is '{actual}', expected '{ModelKind}' or '{ParametersKind}'.");
        if (kind is not null && actual != kind)
            throw new ModelFormatException(path, actual == ParametersKind
                ? "it holds parameters only; load them with LoadParameters into a model of the same architecture."
                : $"its kind is '{actual}', expected '{kind}'.");
        return version;
    }

    /// <summary>Checks that the file has the tensor <paramref name="key"/> with the given shape.</summary>
    private static Matrix CheckShape(SafeTensorsFile file, string key, int rows, int columns, string path)
    {
        var value = file.Find(key) ?? throw new ModelFormatException(path,
            $"the tensor '{key}' ({rows}, {columns}) is missing (the file was saved from a different architecture?).");
        if (value.Rows != rows || value.Columns != columns)
            throw new ModelFormatException(path,
                $"tensor '{key}' has shape {value.Shape} but the model's parameter is ({rows}, {columns}) (different architecture).");
        return value;
    }

    /// <summary>
    /// Checks that the file holds exactly the expected parameters with their shapes, plus optimizer state tensors of
    /// the allowed slots, and, in a version-1 file, that the tensors are stored in the version-1 writer's order;
    /// returns the state tensors.
    /// </summary>
    private static List<(Parameter Parameter, string Slot, Matrix Value)> CheckTensors(SafeTensorsFile file,
        List<KeyValuePair<string, Parameter>> parameters, IReadOnlySet<string> allowedSlots, string version, string path)
    {
        var byKey = new Dictionary<string, Parameter>(StringComparer.Ordinal);
        foreach (var (key, parameter) in parameters)
        {
            CheckShape(file, key, parameter.Value.Rows, parameter.Value.Columns, path);
            byKey.Add(key, parameter);
        }
        var states = new List<(Parameter, string, Matrix)>();
        foreach (var (key, value) in file.Tensors)
        {
            if (byKey.ContainsKey(key)) continue;
            int dot = key.LastIndexOf('.');
            if (dot > 0 && byKey.TryGetValue(key[..dot], out var parameter) && allowedSlots.Contains(key[(dot + 1)..]))
            {
                if (value.Rows != parameter.Value.Rows || value.Columns != parameter.Value.Columns)
                    throw new ModelFormatException(path, $"optimizer state '{key}' has shape {value.Shape}, its parameter {parameter.Value.Shape}.");
                states.Add((parameter, key[(dot + 1)..], value));
                continue;
            }
            throw new ModelFormatException(path, $"the tensor '{key}' does not belong to the model (expected only "
                + $"{string.Join(", ", byKey.Keys)}{(allowedSlots.Count > 0 ? $" and their optimizer state ({string.Join(", ", allowedSlots)})" : "")}).");
        }
        if (version == FormatVersion1)
            CheckVersion1Order(file, parameters, path);
        return states;
    }

    /// <summary>
    /// Checks that a version-1 file's tensors are stored as the version-1 writer stored them: in the model's parameter
    /// order, each parameter followed by its state slots in alphabetical order, back to back from offset 0 (the reader
    /// has checked that there are no gaps). Its checksum does not cover the header, so this is what refuses swapped
    /// names or offsets there.
    /// </summary>
    private static void CheckVersion1Order(SafeTensorsFile file, List<KeyValuePair<string, Parameter>> parameters, string path)
    {
        var expected = new List<string>(file.Tensors.Count);
        var present = file.Tensors.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, _) in parameters)
        {
            expected.Add(key);
            expected.AddRange(new[] { Optimizer.CacheSlot, Optimizer.MomentumSlot }.Order(StringComparer.Ordinal)
                .Select(slot => $"{key}.{slot}").Where(present.Contains));
        }
        for (int i = 0; i < file.Tensors.Count; i++)
            if (i >= expected.Count || file.Tensors[i].Key != expected[i])
                throw new ModelFormatException(path, $"in this version-1 file the tensor stored at position {i} is '{file.Tensors[i].Key}', "
                    + $"where the version-1 writer stored '{(i < expected.Count ? expected[i] : "nothing")}' (the tensor table was altered).");
    }
}
