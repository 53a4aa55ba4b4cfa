using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nnfs.Descriptions;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;

namespace Nnfs.Serialization;

/// <summary>
/// The JSON description of a model stored in the <c>model</c> metadata entry: its layers, loss, accuracy and
/// optimizer (hyper-parameters and progress). Each part writes its own description (<see cref="IDescribable"/>); reading
/// goes through the fixed table of kinds (<see cref="KnownKinds"/>), so no type name is ever read from the file.
/// </summary>
/// <remarks>
/// <code>
/// {"layers": [{"kind": "dense", "inputs": 2, "neurons": 64, "weight_regularizer_l1": 0, "weight_regularizer_l2": 0.0005,
///              "bias_regularizer_l1": 0, "bias_regularizer_l2": 0.0005},
///             {"kind": "relu"}, {"kind": "dropout", "rate": 0.1}, {"kind": "softmax"}],
///  "loss": {"kind": "categorical_cross_entropy"},
///  "accuracy": {"kind": "categorical", "binary": false},
///  "optimizer": {"kind": "adam", "learning_rate": 0.05, "decay": 5e-7, "epsilon": 1e-7, "beta_1": 0.9, "beta_2": 0.999,
///                "current_learning_rate": 0.0499, "iterations": 10000}}
/// </code>
/// Layer kinds: dense, relu, softmax, sigmoid, linear, dropout. Loss kinds: categorical_cross_entropy,
/// binary_cross_entropy, mean_squared_error, mean_absolute_error. Accuracy kinds: categorical (binary),
/// regression (precision, null before the first Init). Optimizer kinds: sgd (momentum), adagrad (epsilon),
/// rmsprop (epsilon, rho), adam (epsilon, beta_1, beta_2). <c>loss</c>, <c>accuracy</c> and <c>optimizer</c> may be
/// null. Unknown kinds and unknown or missing fields are refused.
/// </remarks>
internal sealed record ModelDescription(IReadOnlyList<ILayer> Layers, Loss? Loss, Accuracy? Accuracy, Optimizer? Optimizer)
{
    /// <summary>The most layers a description may list (it keeps the time and memory a load takes bounded).</summary>
    public const int MaxLayers = 10_000;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The state slots the optimizer's kind keeps per parameter (none without an optimizer).</summary>
    public IReadOnlySet<string> AllowedStateSlots =>
        new HashSet<string>(Optimizer is null ? [] : KnownKinds.Optimizers.RowOf(Optimizer)?.Slots ?? [], StringComparer.Ordinal);

    /// <summary>The JSON text describing the parts: each part's own description (<see cref="IDescribable"/>).</summary>
    /// <exception cref="NotSupportedException">A part is of a type the format does not know, or describes itself as
    /// another kind.</exception>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("layers");
            for (int i = 0; i < Layers.Count; i++)
                KnownKinds.Layers.Describe(Layers[i], $"Layer {i} ({Layers[i].GetType().Name})").WriteTo(json);
            json.WriteEndArray();
            Write(json, "loss", Loss, KnownKinds.Losses);
            Write(json, "accuracy", Accuracy, KnownKinds.Accuracies);
            Write(json, "optimizer", Optimizer, KnownKinds.Optimizers);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write<T>(Utf8JsonWriter json, string name, T? part, KindTable<T> kinds) where T : class
    {
        json.WritePropertyName(name);
        if (part is null) json.WriteNullValue();
        else kinds.Describe(part, $"The {name} ({part.GetType().Name})").WriteTo(json);
    }

    /// <summary>Creates new layers, loss, accuracy and optimizer from a description.</summary>
    /// <param name="text">The JSON description.</param>
    /// <param name="source">The file, for error messages.</param>
    /// <param name="checkDense">Called with (layer index, inputs, neurons) before a dense layer allocates its
    /// parameters, so that sizes are checked against the file first; it throws to refuse them.</param>
    /// <exception cref="ModelFormatException">The JSON is malformed, uses an unknown kind or field, or a value is out of range.</exception>
    public static ModelDescription Parse(string text, string source, Action<int, int, int> checkDense)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = SafeTensorsReader.MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException(source, $"the 'model' metadata is not valid JSON ({ex.Message}).", ex);
        }
        using (document)
        {
            if (JsonTextCheck.HasLoneSurrogate(utf8))
                throw new ModelFormatException(source, "the 'model' metadata holds a string with a lone UTF-16 surrogate escape (such as \\ud800), which is not text.");
            var root = new DescriptionFields(document.RootElement, "the model description", -1, source);
            var layersElement = root.Required("layers", JsonValueKind.Array);
            if (layersElement.GetArrayLength() > MaxLayers)
                throw new ModelFormatException(source, $"the model description lists {layersElement.GetArrayLength()} layers; at most {MaxLayers} are supported.");
            var layers = new List<ILayer>();
            foreach (var item in layersElement.EnumerateArray())
                layers.Add(KnownKinds.Layers.Read(new DescriptionFields(item, "layer", layers.Count, source, checkDense)));
            var loss = root.Optional("loss") is { } l ? KnownKinds.Losses.Read(new DescriptionFields(l, "the loss", -1, source)) : null;
            var accuracy = root.Optional("accuracy") is { } a ? KnownKinds.Accuracies.Read(new DescriptionFields(a, "the accuracy", -1, source)) : null;
            var optimizer = root.Optional("optimizer") is { } o ? KnownKinds.Optimizers.Read(new DescriptionFields(o, "the optimizer", -1, source)) : null;
            root.End();
            return new ModelDescription(layers, loss, accuracy, optimizer);
        }
    }
}
