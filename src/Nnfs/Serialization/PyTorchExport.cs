using System.Globalization;
using Nnfs.Layers;
using Nnfs.Models;
using Nnfs.Tensors;

namespace Nnfs.Serialization;

/// <summary>
/// Writes a model's weights as a PyTorch state dict in a safetensors file, for the <c>torch.nn.Sequential</c> that
/// mirrors the model (<see cref="Sequential"/>): to go on training or serving it with PyTorch.
/// </summary>
/// <remarks>
/// <para>Layer <c>i</c> of <see cref="Model.Layers"/> is module <c>i</c> of the Sequential, by its kind in the model
/// format (<see cref="KnownKinds.LayerKind"/>): <c>dense</c> → <c>nn.Linear(inputs, neurons)</c>, <c>relu</c> →
/// <c>nn.ReLU()</c>, <c>sigmoid</c> → <c>nn.Sigmoid()</c>, <c>softmax</c> → <c>nn.Softmax(dim=1)</c>, <c>linear</c> →
/// <c>nn.Identity()</c>, <c>dropout</c> → <c>nn.Dropout(p=rate)</c> (the same drop probability; PyTorch's dropout
/// also passes its input through in <c>eval()</c> mode). So activations and dropout occupy indices of their own, and
/// the Sequential in <c>eval()</c> mode computes what <see cref="Model.Predict"/> computes.</para>
/// <para>Dense layer <c>i</c> gives the keys <c>{i}.weight</c>, float32 of shape <c>[neurons, inputs]</c> (PyTorch's
/// <c>[out_features, in_features]</c>: the transpose of the stored <c>[inputs, neurons]</c>, since
/// <c>nn.Linear</c> computes <c>x · Wᵀ + b</c>), and <c>{i}.bias</c>, 1-D of shape <c>[neurons]</c>; the tensors
/// are in layer order. The file is plain safetensors (what <c>safetensors.torch.load_file</c> reads) with the
/// metadata <see cref="FormatKey"/> = <c>pt</c> (as PyTorch's own safetensors writer sets),
/// <see cref="SequentialKey"/> = the Python expression of <see cref="Sequential"/>, <see cref="InputKey"/> and
/// <see cref="ClassNamesKey"/> when the model records them, and the checksum every file
/// of <see cref="SafeTensorsWriter"/> carries (<see cref="SafeTensorsFile.ChecksumKey"/>, which other readers
/// ignore). It is not a model file: <see cref="ModelFile.Load"/> refuses its 1-D biases.</para>
/// </remarks>
public static class PyTorchExport
{
    /// <summary>The metadata key of the tensor format, <c>format</c>.</summary>
    public const string FormatKey = "format";

    /// <summary>The value of <see cref="FormatKey"/>: <c>pt</c>, PyTorch tensors.</summary>
    public const string FormatName = "pt";

    /// <summary>The metadata key holding <see cref="Sequential"/>'s expression: <c>nnfs.sequential</c>.</summary>
    public const string SequentialKey = "nnfs.sequential";

    /// <summary>
    /// The metadata key of the model's input and its preprocessing (<see cref="Model.Input"/>), present when recorded:
    /// <c>nnfs.input</c>, the JSON of the model file's <c>input</c> entry (e.g.
    /// <c>{"kind":"image","height":28,"width":28,"center":127.5,"scale":127.5}</c>). The Sequential takes the prepared
    /// input <c>(x − center) / scale</c>, as <see cref="Model.Predict"/> does.
    /// </summary>
    public const string InputKey = "nnfs.input";

    /// <summary>The metadata key of the class names (<see cref="Model.ClassNames"/>), present when recorded:
    /// <c>nnfs.class_names</c>, a JSON array of strings.</summary>
    public const string ClassNamesKey = "nnfs.class_names";

    /// <summary>The PyTorch module of each layer kind of the model format, given the layer.</summary>
    private static readonly Dictionary<string, Func<ILayer, string>> Modules = new(StringComparer.Ordinal)
    {
        ["dense"] = layer => $"nn.Linear({((Dense)layer).InputCount}, {((Dense)layer).Neurons})",
        ["relu"] = _ => "nn.ReLU()",
        ["sigmoid"] = _ => "nn.Sigmoid()",
        ["softmax"] = _ => "nn.Softmax(dim=1)",
        ["linear"] = _ => "nn.Identity()",
        ["dropout"] = layer => $"nn.Dropout(p={((Dropout)layer).Rate.ToString("R", CultureInfo.InvariantCulture)})",
    };

    /// <summary>
    /// The Python expression of the <c>torch.nn.Sequential</c> whose state dict the file holds, with <c>nn</c> =
    /// <c>torch.nn</c>; e.g. <c>nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 3), nn.Softmax(dim=1))</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">A layer has no PyTorch module; the message names its index and type.</exception>
    /// <exception cref="InvalidOperationException">The model has no layers, or consecutive dense layers do not fit
    /// together.</exception>
    public static string Sequential(Model model) => "nn.Sequential(" + string.Join(", ", Plan(model)) + ")";

    /// <summary>Writes the state dict of <paramref name="model"/> to <paramref name="path"/>, atomically (see
    /// <see cref="AtomicFile"/>).</summary>
    /// <inheritdoc cref="Sequential" path="/exception"/>
    /// <exception cref="IOException">The file cannot be written; a previous file at <paramref name="path"/> is
    /// unchanged. Nothing is written when the model is refused.</exception>
    public static void Write(Model model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var content = Content(model);
        SafeTensorsWriter.WriteFile(path, content);
    }

    /// <summary>Writes the state dict of <paramref name="model"/> to <paramref name="stream"/>.</summary>
    /// <inheritdoc cref="Sequential" path="/exception"/>
    public static void Write(Model model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        SafeTensorsWriter.Write(stream, Content(model));
    }

    private static SafeTensorsFile Content(Model model)
    {
        string sequential = Sequential(model);
        var tensors = new List<KeyValuePair<string, Matrix>>();
        var vectors = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < model.Layers.Count; i++)
        {
            if (model.Layers[i] is not Dense dense) continue;
            tensors.Add(new($"{i}.weight", Transpose(dense.Weights)));
            tensors.Add(new($"{i}.bias", dense.Biases.Clone()));
            vectors.Add($"{i}.bias");
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FormatKey] = FormatName,
            [SequentialKey] = sequential,
        };
        if (model.Input is { } input) metadata[InputKey] = InputDescription.ToJson(input);
        if (model.ClassNames is { } names) metadata[ClassNamesKey] = InputDescription.ClassNamesToJson(names);
        return new SafeTensorsFile(tensors, metadata, vectors);
    }

    /// <summary>The module of each layer, checking that every layer has one and that the dense layers chain.</summary>
    private static List<string> Plan(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Layers.Count == 0) throw new InvalidOperationException("PyTorch export: the model has no layers.");
        var modules = new List<string>(model.Layers.Count);
        (int Index, Dense Layer)? previousDense = null;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var layer = model.Layers[i];
            if (KnownKinds.LayerKind(layer) is not { } kind || !Modules.TryGetValue(kind, out var module))
                throw new NotSupportedException($"PyTorch export: layer {i} ({layer.GetType().FullName}) has no PyTorch module; "
                    + $"supported layer kinds are {string.Join(", ", Modules.Keys)}.");
            if (layer is Dense dense)
            {
                if (previousDense is var (j, before) && before.Neurons != dense.InputCount)
                    throw new InvalidOperationException(
                        $"PyTorch export: layer {i} (Dense) takes {dense.InputCount} inputs, but layer {j} (Dense) gives {before.Neurons}.");
                previousDense = (i, dense);
            }
            modules.Add(module(layer));
        }
        return modules;
    }

    private static Matrix Transpose(Matrix value)
    {
        var result = new Matrix(value.Columns, value.Rows);
        for (int r = 0; r < value.Rows; r++)
        {
            var row = value.Row(r);
            for (int c = 0; c < row.Length; c++) result[c, r] = row[c];
        }
        return result;
    }
}
