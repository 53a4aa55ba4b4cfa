using System.Buffers;
using System.Buffers.Binary;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Models;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Onnx;

/// <summary>
/// Writes a trained <see cref="Model"/> as an ONNX model for inference, so that ONNX Runtime and other ONNX tools
/// can run it.
/// </summary>
/// <remarks>
/// The graph takes one float32 input named <c>input</c> of shape <c>[N, features]</c> (<c>N</c> a variable batch
/// size) and gives one float32 output named <c>output</c> of shape <c>[N, outputs]</c>: the same values as
/// <see cref="Model.Predict"/> (for a classifier, the confidences). Layer <c>i</c> becomes, by its kind in the model format
/// (<see cref="KnownKinds.LayerKind"/>, the same kinds a model file names):
/// <list type="bullet">
/// <item><see cref="Dense"/> → <c>Gemm(X, W, b)</c> = X·W + b, with <c>W</c> = initializer <c>layers.{i}.weight</c>
/// of shape [inputs, neurons] used as stored (<c>transB = 0</c>) and <c>b</c> = <c>layers.{i}.bias</c> of shape
/// [neurons], broadcast over the rows;</item>
/// <item><see cref="ReLU"/> → <c>Relu</c>, <see cref="Sigmoid"/> → <c>Sigmoid</c>, <see cref="Softmax"/> →
/// <c>Softmax</c> with <c>axis = 1</c> (each row), <see cref="Linear"/> → <c>Identity</c>;</item>
/// <item><see cref="Dropout"/> → nothing: at inference the book's dropout passes its input through.</item>
/// </list>
/// When the model records its preprocessing (<see cref="Model.Input"/>, not <see cref="InputPreparation.IsIdentity"/>),
/// the graph takes RAW input (e.g. pixels 0–255) and prepares it first as <see cref="InputPreparation.Apply"/> does:
/// <c>Sub(input, input.center)</c> then <c>Div(·, input.scale)</c>, with float32 initializers <see cref="CenterName"/>
/// and <see cref="ScaleName"/> of shape [Length] (<see cref="InputPreparation.Center"/> and
/// <see cref="InputPreparation.Scale"/>), so its outputs are those of <c>Nnfs.Inference.Predictor</c> on raw input.
/// Without a recorded preprocessing no node is added and the graph takes the input as <see cref="Model.Predict"/> does.
/// The model's <c>metadata_props</c> hold <see cref="InputMetadataKey"/> (what the input is, as JSON) when the model
/// records its input and <see cref="ClassNamesMetadataKey"/> (a JSON array of strings) when it records class names.
/// The file is ONNX IR version <see cref="IrVersion"/> with the default operator set, version
/// <see cref="OpsetVersion"/>; the producer is <c>Nnfs</c> with the library's version.
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The ONNX IR version written: 8.</summary>
    public const long IrVersion = 8;

    /// <summary>The version of the default ONNX operator set (<c>ai.onnx</c>) the graph uses: 13.</summary>
    public const long OpsetVersion = 13;

    /// <summary>The name of the graph's input: <c>input</c>.</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph's output: <c>output</c>.</summary>
    public const string OutputName = "output";

    /// <summary>The name of the variable batch dimension of the input and the output: <c>N</c>.</summary>
    public const string BatchDimension = "N";

    /// <summary>The producer name written in the file: <c>Nnfs</c>.</summary>
    public const string ProducerName = "Nnfs";

    /// <summary>The initializer subtracted from the raw input: <c>input.center</c>, float32 [Length].</summary>
    public const string CenterName = "input.center";

    /// <summary>The initializer the centred input is divided by: <c>input.scale</c>, float32 [Length].</summary>
    public const string ScaleName = "input.scale";

    /// <summary>
    /// The <c>metadata_props</c> key describing the graph's input: <c>nnfs.input</c>, a JSON object
    /// <c>{"kind":"image","height":H,"width":W}</c> (H·W gray pixels, row by row) or
    /// <c>{"kind":"features","count":N}</c> with <c>"names":[…]</c> when the features are named.
    /// </summary>
    public const string InputMetadataKey = "nnfs.input";

    /// <summary>The <c>metadata_props</c> key of the class names, one per output (two for a single sigmoid output):
    /// <c>nnfs.class_names</c>, a JSON array of strings.</summary>
    public const string ClassNamesMetadataKey = "nnfs.class_names";

    /// <summary>
    /// Writes <paramref name="model"/> as an ONNX file at <paramref name="path"/>, atomically (a temporary file in the
    /// same folder renamed over <paramref name="path"/>; see <see cref="AtomicFile"/>).
    /// </summary>
    /// <exception cref="NotSupportedException">A layer has no ONNX mapping; the message names its index and type.
    /// Nothing is written.</exception>
    /// <exception cref="InvalidOperationException">The model has no layers, consecutive dense layers do not fit
    /// together, or the recorded input's length is not the first dense layer's inputs. Nothing is written.</exception>
    public static void Export(Model model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(model);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>The ONNX file for <paramref name="model"/> (a serialized <c>ModelProto</c>).</summary>
    /// <inheritdoc cref="Export" path="/exception"/>
    public static byte[] ToBytes(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var steps = Plan(model);
        var (features, outputs) = Widths(model);
        var input = model.Input;
        if (input is not null && features is long width && input.Length != width)
            throw new InvalidOperationException(
                $"ONNX export: the recorded input ({input}) has {input.Length} values per sample but the first dense layer takes {width}.");
        string version = NnfsVersion();

        var graph = new ProtoMessage();
        string previous = InputName;
        bool prepares = input is { IsIdentity: false };
        if (prepares)
        {
            graph.Message(OnnxFields.Graph.Node, Node("input.sub", "Sub", [InputName, CenterName], "input.centered"));
            graph.Message(OnnxFields.Graph.Node, Node("input.div", "Div", ["input.centered", ScaleName], "input.prepared"));
            previous = "input.prepared";
        }
        for (int k = 0; k < steps.Count; k++)
        {
            var step = steps[k];
            string output = k == steps.Count - 1 ? OutputName : $"layers.{step.Layer}.output";
            graph.Message(OnnxFields.Graph.Node, step.Node(previous, output));
            previous = output;
        }
        graph.String(OnnxFields.Graph.Name, "nnfs");
        if (prepares)
        {
            graph.Message(OnnxFields.Graph.Initializer, Tensor(CenterName, [.. input!.Center], [input.Length]));
            graph.Message(OnnxFields.Graph.Initializer, Tensor(ScaleName, [.. input.Scale], [input.Length]));
        }
        foreach (var step in steps)
        {
            if (step.Dense is not { } dense) continue;
            graph.Message(OnnxFields.Graph.Initializer, Tensor($"layers.{step.Layer}.weight", dense.Weights.Span, [dense.InputCount, dense.Neurons]));
            graph.Message(OnnxFields.Graph.Initializer, Tensor($"layers.{step.Layer}.bias", dense.Biases.Span, [dense.Neurons]));
        }
        graph.String(OnnxFields.Graph.DocString, Describe(model));
        graph.Message(OnnxFields.Graph.Input, ValueInfo(InputName, input?.Length ?? features));
        graph.Message(OnnxFields.Graph.Output, ValueInfo(OutputName, outputs));

        var file = new ProtoMessage()
            .Int64(OnnxFields.Model.IrVersion, IrVersion)
            .String(OnnxFields.Model.ProducerName, ProducerName)
            .String(OnnxFields.Model.ProducerVersion, version)
            .String(OnnxFields.Model.DocString, $"Exported by Nnfs {version}. {Describe(model)}")
            .Message(OnnxFields.Model.Graph, graph)
            .Message(OnnxFields.Model.OpsetImport, new ProtoMessage()
                .String(OnnxFields.OperatorSetId.Domain, "")
                .Int64(OnnxFields.OperatorSetId.Version, OpsetVersion));
        if (input is not null) file.Message(OnnxFields.Model.MetadataProps, Entry(InputMetadataKey, InputJson(input)));
        if (model.ClassNames is { } names)
            file.Message(OnnxFields.Model.MetadataProps, Entry(ClassNamesMetadataKey, Json(json =>
            {
                json.WriteStartArray();
                foreach (string name in names) json.WriteStringValue(name);
                json.WriteEndArray();
            })));
        return file.ToArray();
    }

    private static ProtoMessage Node(string name, string opType, string[] inputs, string output)
    {
        var node = new ProtoMessage();
        foreach (string input in inputs) node.String(OnnxFields.Node.Input, input);
        return node.String(OnnxFields.Node.Output, output)
            .String(OnnxFields.Node.Name, name)
            .String(OnnxFields.Node.OpType, opType);
    }

    private static ProtoMessage Entry(string key, string value) => new ProtoMessage()
        .String(OnnxFields.StringStringEntry.Key, key)
        .String(OnnxFields.StringStringEntry.Value, value);

    private static string InputJson(InputPreparation input) => Json(json =>
    {
        json.WriteStartObject();
        if (input.Kind == InputKind.Image)
        {
            json.WriteString("kind", "image");
            json.WriteNumber("height", input.Height);
            json.WriteNumber("width", input.Width);
        }
        else
        {
            json.WriteString("kind", "features");
            json.WriteNumber("count", input.Length);
            if (input.FeatureNames is { } names)
            {
                json.WriteStartArray("names");
                foreach (string name in names) json.WriteStringValue(name);
                json.WriteEndArray();
            }
        }
        json.WriteEndObject();
    });

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(json);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One ONNX node to write for layer <see cref="Layer"/>.</summary>
    private sealed record Step(int Layer, string OpType, Dense? Dense = null, long? Axis = null)
    {
        public ProtoMessage Node(string input, string output)
        {
            var node = new ProtoMessage().String(OnnxFields.Node.Input, input);
            if (Dense is not null)
            {
                node.String(OnnxFields.Node.Input, $"layers.{Layer}.weight");
                node.String(OnnxFields.Node.Input, $"layers.{Layer}.bias");
            }
            node.String(OnnxFields.Node.Output, output)
                .String(OnnxFields.Node.Name, $"layers.{Layer}")
                .String(OnnxFields.Node.OpType, OpType);
            if (Dense is not null)
            {
                node.Message(OnnxFields.Node.Attribute, IntAttribute("transA", 0));
                node.Message(OnnxFields.Node.Attribute, IntAttribute("transB", 0));
            }
            if (Axis is long axis) node.Message(OnnxFields.Node.Attribute, IntAttribute("axis", axis));
            return node;
        }
    }

    /// <summary>
    /// The ONNX node of each layer kind of the model format (<see cref="KnownKinds"/>), or null for a layer that
    /// inference skips. A kind missing here has no ONNX mapping.
    /// </summary>
    private static readonly Dictionary<string, Func<int, ILayer, Step?>> Operators = new(StringComparer.Ordinal)
    {
        ["dense"] = (i, layer) => new Step(i, "Gemm", Dense: (Dense)layer),
        ["relu"] = (i, _) => new Step(i, "Relu"),
        ["sigmoid"] = (i, _) => new Step(i, "Sigmoid"),
        ["softmax"] = (i, _) => new Step(i, "Softmax", Axis: 1),
        ["linear"] = (i, _) => new Step(i, "Identity"),
        ["dropout"] = (_, _) => null,
    };

    private static List<Step> Plan(Model model)
    {
        if (model.Layers.Count == 0) throw new InvalidOperationException("ONNX export: the model has no layers.");
        var steps = new List<Step>();
        (int Index, Dense Layer)? previousDense = null;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var layer = model.Layers[i];
            if (KnownKinds.LayerKind(layer) is not { } kind || !Operators.TryGetValue(kind, out var node))
                throw new NotSupportedException($"ONNX export: layer {i} ({layer.GetType().FullName}) has no ONNX mapping; "
                    + $"supported layer kinds are {string.Join(", ", Operators.Keys)}.");
            if (node(i, layer) is not { } step) continue;
            if (step.Dense is { } dense)
            {
                if (previousDense is var (j, before) && before.Neurons != dense.InputCount)
                    throw new InvalidOperationException(
                        $"ONNX export: layer {i} (Dense) takes {dense.InputCount} inputs, but layer {j} (Dense) gives {before.Neurons}.");
                previousDense = (i, dense);
            }
            steps.Add(step);
        }
        if (steps.Count == 0) steps.Add(new Step(model.Layers.Count - 1, "Identity"));
        return steps;
    }

    /// <summary>The input and output widths (null = unknown: no dense layer).</summary>
    internal static (long? Features, long? Outputs) Widths(Model model)
    {
        var dense = model.Layers.OfType<Dense>().ToList();
        return dense.Count == 0 ? (null, null) : (dense[0].InputCount, dense[^1].Neurons);
    }

    private static ProtoMessage IntAttribute(string name, long value) => new ProtoMessage()
        .String(OnnxFields.Attribute.Name, name)
        .Int64(OnnxFields.Attribute.I, value)
        .Int64(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeInt);

    private static ProtoMessage Tensor(string name, ReadOnlySpan<float> span, long[] dims)
    {
        byte[] raw = new byte[span.Length * sizeof(float)];
        for (int i = 0; i < span.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), span[i]);
        var tensor = new ProtoMessage();
        foreach (long d in dims) tensor.Int64(OnnxFields.Tensor.Dims, d);
        return tensor.Int64(OnnxFields.Tensor.DataType, OnnxFields.Tensor.DataTypeFloat)
            .String(OnnxFields.Tensor.Name, name)
            .Bytes(OnnxFields.Tensor.RawData, raw);
    }

    private static ProtoMessage ValueInfo(string name, long? width)
    {
        var batch = new ProtoMessage().String(OnnxFields.Shape.DimParam, BatchDimension);
        var columns = width is long w
            ? new ProtoMessage().Int64(OnnxFields.Shape.DimValue, w)
            : new ProtoMessage().String(OnnxFields.Shape.DimParam, name == InputName ? "features" : "outputs");
        var shape = new ProtoMessage().Message(OnnxFields.Shape.Dim, batch).Message(OnnxFields.Shape.Dim, columns);
        var tensorType = new ProtoMessage()
            .Int64(OnnxFields.Type.ElemType, OnnxFields.Tensor.DataTypeFloat)
            .Message(OnnxFields.Type.Shape, shape);
        return new ProtoMessage()
            .String(OnnxFields.ValueInfo.Name, name)
            .Message(OnnxFields.ValueInfo.Type, new ProtoMessage().Message(OnnxFields.Type.TensorType, tensorType));
    }

    private static string Describe(Model model) =>
        (model.Input is { } input ? $"Input: {input}{(input.IsIdentity ? "" : " (in the graph)")}. " : "")
        + "Layers: " + string.Join(" → ", model.Layers.Select(layer => layer switch
        {
            Dense d => $"Dense({d.InputCount}→{d.Neurons})",
            Dropout => "Dropout (omitted)",
            _ => layer.GetType().Name,
        })) + ".";

    private static string NnfsVersion()
    {
        var assembly = typeof(Model).Assembly;
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
               ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }
}
