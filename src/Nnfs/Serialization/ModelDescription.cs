using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;
using Nnfs.Randomness;

namespace Nnfs.Serialization;

/// <summary>
/// The JSON description of a model stored in the <c>model</c> metadata entry: its layers, loss, accuracy and
/// optimizer (hyper-parameters and progress). Object kinds come from a closed list mapped by a switch; no type name
/// is ever read from the file.
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
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The state slots each optimizer kind may keep per parameter.</summary>
    public IReadOnlySet<string> AllowedStateSlots => Optimizer switch
    {
        Sgd => new HashSet<string> { Optimizer.MomentumSlot },
        AdaGrad or RmsProp => new HashSet<string> { Optimizer.CacheSlot },
        Adam => new HashSet<string> { Optimizer.MomentumSlot, Optimizer.CacheSlot },
        _ => new HashSet<string>(),
    };

    /// <summary>The JSON text describing the parts.</summary>
    /// <exception cref="NotSupportedException">A part is of a type the format does not know.</exception>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartArray("layers");
            for (int i = 0; i < Layers.Count; i++) WriteLayer(json, Layers[i], i);
            json.WriteEndArray();
            WriteLoss(json, Loss);
            WriteAccuracy(json, Accuracy);
            WriteOptimizer(json, Optimizer);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteLayer(Utf8JsonWriter json, ILayer layer, int index)
    {
        json.WriteStartObject();
        switch (layer)
        {
            case Dense d:
                json.WriteString("kind", "dense");
                json.WriteNumber("inputs", d.InputCount);
                json.WriteNumber("neurons", d.Neurons);
                json.WriteNumber("weight_regularizer_l1", d.WeightRegularizerL1);
                json.WriteNumber("weight_regularizer_l2", d.WeightRegularizerL2);
                json.WriteNumber("bias_regularizer_l1", d.BiasRegularizerL1);
                json.WriteNumber("bias_regularizer_l2", d.BiasRegularizerL2);
                break;
            case Dropout d:
                json.WriteString("kind", "dropout");
                json.WriteNumber("rate", d.Rate);
                break;
            case ReLU: json.WriteString("kind", "relu"); break;
            case Softmax: json.WriteString("kind", "softmax"); break;
            case Sigmoid: json.WriteString("kind", "sigmoid"); break;
            case Linear: json.WriteString("kind", "linear"); break;
            default:
                throw new NotSupportedException(
                    $"Layer {index} ({layer.GetType().Name}) cannot be saved: the nnfs format knows dense, dropout, relu, softmax, sigmoid and linear layers.");
        }
        json.WriteEndObject();
    }

    private static void WriteLoss(Utf8JsonWriter json, Loss? loss)
    {
        if (loss is null)
        {
            json.WriteNull("loss");
            return;
        }
        string kind = loss switch
        {
            CategoricalCrossEntropy => "categorical_cross_entropy",
            BinaryCrossEntropy => "binary_cross_entropy",
            MeanSquaredError => "mean_squared_error",
            MeanAbsoluteError => "mean_absolute_error",
            _ => throw new NotSupportedException($"The loss {loss.GetType().Name} cannot be saved: the nnfs format knows "
                + "CategoricalCrossEntropy, BinaryCrossEntropy, MeanSquaredError and MeanAbsoluteError."),
        };
        json.WriteStartObject("loss");
        json.WriteString("kind", kind);
        json.WriteEndObject();
    }

    private static void WriteAccuracy(Utf8JsonWriter json, Accuracy? accuracy)
    {
        switch (accuracy)
        {
            case null:
                json.WriteNull("accuracy");
                break;
            case CategoricalAccuracy c:
                json.WriteStartObject("accuracy");
                json.WriteString("kind", "categorical");
                json.WriteBoolean("binary", c.Binary);
                json.WriteEndObject();
                break;
            case RegressionAccuracy r:
                json.WriteStartObject("accuracy");
                json.WriteString("kind", "regression");
                if (r.Precision is double p) json.WriteNumber("precision", p);
                else json.WriteNull("precision");
                json.WriteEndObject();
                break;
            default:
                throw new NotSupportedException($"The accuracy {accuracy.GetType().Name} cannot be saved: the nnfs format knows CategoricalAccuracy and RegressionAccuracy.");
        }
    }

    private static void WriteOptimizer(Utf8JsonWriter json, Optimizer? optimizer)
    {
        if (optimizer is null)
        {
            json.WriteNull("optimizer");
            return;
        }
        json.WriteStartObject("optimizer");
        switch (optimizer)
        {
            case Sgd s:
                json.WriteString("kind", "sgd");
                WriteSchedule(json, s);
                json.WriteNumber("momentum", s.Momentum);
                break;
            case AdaGrad a:
                json.WriteString("kind", "adagrad");
                WriteSchedule(json, a);
                json.WriteNumber("epsilon", a.Epsilon);
                break;
            case RmsProp r:
                json.WriteString("kind", "rmsprop");
                WriteSchedule(json, r);
                json.WriteNumber("epsilon", r.Epsilon);
                json.WriteNumber("rho", r.Rho);
                break;
            case Adam a:
                json.WriteString("kind", "adam");
                WriteSchedule(json, a);
                json.WriteNumber("epsilon", a.Epsilon);
                json.WriteNumber("beta_1", a.Beta1);
                json.WriteNumber("beta_2", a.Beta2);
                break;
            default:
                throw new NotSupportedException($"The optimizer {optimizer.GetType().Name} cannot be saved: the nnfs format knows Sgd, AdaGrad, RmsProp and Adam.");
        }
        json.WriteNumber("current_learning_rate", optimizer.CurrentLearningRate);
        json.WriteNumber("iterations", optimizer.Iterations);
        json.WriteEndObject();
    }

    private static void WriteSchedule(Utf8JsonWriter json, Optimizer optimizer)
    {
        json.WriteNumber("learning_rate", optimizer.LearningRate);
        json.WriteNumber("decay", optimizer.Decay);
    }

    /// <summary>Creates new layers, loss, accuracy and optimizer from a description.</summary>
    /// <exception cref="ModelFormatException">The JSON is malformed, uses an unknown kind or field, or a value is out of range.</exception>
    public static ModelDescription Parse(string text, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException(source, $"the 'model' metadata is not valid JSON ({ex.Message}).", ex);
        }
        using (document)
        {
            var root = new Fields(document.RootElement, "the model description", source);
            var layersElement = root.Required("layers", JsonValueKind.Array);
            var layers = new List<ILayer>();
            foreach (var item in layersElement.EnumerateArray())
                layers.Add(ReadLayer(new Fields(item, $"layer {layers.Count}", source), source));
            var loss = root.Optional("loss") is { } l ? ReadLoss(new Fields(l, "the loss", source)) : null;
            var accuracy = root.Optional("accuracy") is { } a ? ReadAccuracy(new Fields(a, "the accuracy", source)) : null;
            var optimizer = root.Optional("optimizer") is { } o ? ReadOptimizer(new Fields(o, "the optimizer", source)) : null;
            root.End();
            return new ModelDescription(layers, loss, accuracy, optimizer);
        }
    }

    private static ILayer ReadLayer(Fields f, string source)
    {
        string kind = f.String("kind");
        ILayer layer = kind switch
        {
            // The saved weights replace the initial ones, so nothing is drawn (the global generator stays untouched).
            "dense" => f.Construct(() => Dense.ForLoading(f.Int32("inputs"), f.Int32("neurons"),
                f.Single("weight_regularizer_l1"), f.Single("weight_regularizer_l2"),
                f.Single("bias_regularizer_l1"), f.Single("bias_regularizer_l2"))),
            "dropout" => f.Construct(() => new Dropout(f.Single("rate"))),
            "relu" => new ReLU(),
            "softmax" => new Softmax(),
            "sigmoid" => new Sigmoid(),
            "linear" => new Linear(),
            _ => throw new ModelFormatException(source,
                $"{f.Where} has the unknown kind '{kind}' (known: dense, dropout, relu, softmax, sigmoid, linear)."),
        };
        f.End();
        return layer;
    }

    private static Loss ReadLoss(Fields f)
    {
        string kind = f.String("kind");
        Loss loss = kind switch
        {
            "categorical_cross_entropy" => new CategoricalCrossEntropy(),
            "binary_cross_entropy" => new BinaryCrossEntropy(),
            "mean_squared_error" => new MeanSquaredError(),
            "mean_absolute_error" => new MeanAbsoluteError(),
            _ => throw f.Error($"has the unknown kind '{kind}' (known: categorical_cross_entropy, binary_cross_entropy, "
                + "mean_squared_error, mean_absolute_error)."),
        };
        f.End();
        return loss;
    }

    private static Accuracy ReadAccuracy(Fields f)
    {
        string kind = f.String("kind");
        Accuracy accuracy;
        switch (kind)
        {
            case "categorical":
                accuracy = new CategoricalAccuracy(f.Boolean("binary"));
                break;
            case "regression":
                var regression = new RegressionAccuracy();
                if (f.Optional("precision") is { } p)
                {
                    if (p.ValueKind != JsonValueKind.Number || !p.TryGetDouble(out double precision) || !(precision >= 0) || double.IsInfinity(precision))
                        throw f.Error($"field 'precision' must be a finite number >= 0, found '{p}'.");
                    regression.Precision = precision;
                }
                accuracy = regression;
                break;
            default:
                throw f.Error($"has the unknown kind '{kind}' (known: categorical, regression).");
        }
        f.End();
        return accuracy;
    }

    private static Optimizer ReadOptimizer(Fields f)
    {
        string kind = f.String("kind");
        double lr = f.Double("learning_rate"), decay = f.Double("decay");
        Optimizer optimizer = kind switch
        {
            "sgd" => f.Construct(() => new Sgd(lr, decay, f.Double("momentum"))),
            "adagrad" => f.Construct(() => new AdaGrad(lr, decay, f.Double("epsilon"))),
            "rmsprop" => f.Construct(() => new RmsProp(lr, decay, f.Double("epsilon"), f.Double("rho"))),
            "adam" => f.Construct(() => new Adam(lr, decay, f.Double("epsilon"), f.Double("beta_1"), f.Double("beta_2"))),
            _ => throw f.Error($"has the unknown kind '{kind}' (known: sgd, adagrad, rmsprop, adam)."),
        };
        double current = f.Double("current_learning_rate");
        long iterations = f.Int64("iterations");
        f.Construct(() => optimizer.CurrentLearningRate = current);
        f.Construct(() => optimizer.Iterations = iterations);
        f.End();
        return optimizer;
    }

    /// <summary>Reads the fields of one JSON object, refusing wrong types, repeated names and unknown fields.</summary>
    private sealed class Fields
    {
        private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);
        private readonly string _source;

        public Fields(JsonElement element, string where, string source)
        {
            Where = where;
            _source = source;
            if (element.ValueKind != JsonValueKind.Object)
                throw Error($"must be a JSON object, found a JSON {element.ValueKind}.");
            foreach (var property in element.EnumerateObject())
                if (!_fields.TryAdd(property.Name, property.Value))
                    throw Error($"names the field '{property.Name}' twice.");
        }

        public string Where { get; }

        public ModelFormatException Error(string problem, Exception? inner = null) =>
            new(_source, $"in the 'model' metadata, {Where} {problem}", inner);

        public JsonElement Required(string name, JsonValueKind kind)
        {
            _used.Add(name);
            if (!_fields.TryGetValue(name, out var value))
                throw Error($"lacks the field '{name}'.");
            if (value.ValueKind != kind)
                throw Error($"field '{name}' must be a JSON {kind}, found '{value}'.");
            return value;
        }

        /// <summary>The field, or null when it is missing or JSON null.</summary>
        public JsonElement? Optional(string name)
        {
            _used.Add(name);
            return _fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
        }

        public string String(string name) => Required(name, JsonValueKind.String).GetString()!;

        public bool Boolean(string name)
        {
            _used.Add(name);
            if (!_fields.TryGetValue(name, out var value))
                throw Error($"lacks the field '{name}'.");
            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                throw Error($"field '{name}' must be true or false, found '{value}'.");
            return value.GetBoolean();
        }

        public double Double(string name)
        {
            var e = Required(name, JsonValueKind.Number);
            if (!e.TryGetDouble(out double v) || !double.IsFinite(v))
                throw Error($"field '{name}' must be a finite number, found '{e}'.");
            return v;
        }

        public float Single(string name)
        {
            var e = Required(name, JsonValueKind.Number);
            if (!e.TryGetSingle(out float v) || !float.IsFinite(v))
                throw Error($"field '{name}' must be a finite float32 number, found '{e}'.");
            return v;
        }

        public long Int64(string name)
        {
            var e = Required(name, JsonValueKind.Number);
            if (!e.TryGetInt64(out long v))
                throw Error($"field '{name}' must be an integer, found '{e}'.");
            return v;
        }

        public int Int32(string name)
        {
            var e = Required(name, JsonValueKind.Number);
            if (!e.TryGetInt32(out int v))
                throw Error($"field '{name}' must be a 32-bit integer, found '{e}'.");
            return v;
        }

        /// <summary>Runs a constructor or setter, turning its argument checks into a format error.</summary>
        public T Construct<T>(Func<T> create)
        {
            try
            {
                return create();
            }
            catch (ArgumentException ex)
            {
                throw Error($"has an invalid value: {ex.Message}", ex);
            }
        }

        public void End()
        {
            foreach (var name in _fields.Keys)
                if (!_used.Contains(name))
                    throw Error($"has the unknown field '{name}'.");
        }
    }
}
