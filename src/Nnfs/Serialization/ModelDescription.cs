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
    /// <summary>The most layers a description may list (it keeps the time and memory a load takes bounded).</summary>
    public const int MaxLayers = 10_000;

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
            var root = new Fields(document.RootElement, "the model description", -1, source);
            var layersElement = root.Required("layers", JsonValueKind.Array);
            if (layersElement.GetArrayLength() > MaxLayers)
                throw new ModelFormatException(source, $"the model description lists {layersElement.GetArrayLength()} layers; at most {MaxLayers} are supported.");
            var layers = new List<ILayer>();
            foreach (var item in layersElement.EnumerateArray())
                layers.Add(ReadLayer(new Fields(item, "layer", layers.Count, source), layers.Count, checkDense, source));
            var loss = root.Optional("loss") is { } l ? ReadLoss(new Fields(l, "the loss", -1, source)) : null;
            var accuracy = root.Optional("accuracy") is { } a ? ReadAccuracy(new Fields(a, "the accuracy", -1, source)) : null;
            var optimizer = root.Optional("optimizer") is { } o ? ReadOptimizer(new Fields(o, "the optimizer", -1, source)) : null;
            root.End();
            return new ModelDescription(layers, loss, accuracy, optimizer);
        }
    }

    private static ILayer ReadLayer(Fields f, int index, Action<int, int, int> checkDense, string source)
    {
        string kind = f.String("kind");
        ILayer layer = kind switch
        {
            "dense" => ReadDense(f, index, checkDense),
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

    private static Dense ReadDense(Fields f, int index, Action<int, int, int> checkDense)
    {
        int inputs = f.Int32("inputs"), neurons = f.Int32("neurons");
        float weightL1 = f.Single("weight_regularizer_l1"), weightL2 = f.Single("weight_regularizer_l2");
        float biasL1 = f.Single("bias_regularizer_l1"), biasL2 = f.Single("bias_regularizer_l2");
        // The constructor refuses sizes below 1 before allocating; larger ones must first match the file's tensors.
        if (inputs >= 1 && neurons >= 1) checkDense(index, inputs, neurons);
        // The saved weights replace the initial ones, so nothing is drawn (the global generator stays untouched).
        return f.Construct(() => Dense.ForLoading(inputs, neurons, weightL1, weightL2, biasL1, biasL2));
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
        private readonly JsonElement _element;
        private readonly string _what;
        private readonly int _index;
        private readonly string _source;
        private readonly List<string> _read = new(8);

        /// <param name="element">The object.</param>
        /// <param name="what">What it is, for messages (e.g. "layer").</param>
        /// <param name="index">Its index in a list, appended to <paramref name="what"/>, or -1.</param>
        /// <param name="source">The file, for messages.</param>
        public Fields(JsonElement element, string what, int index, string source)
        {
            _element = element;
            _what = what;
            _index = index;
            _source = source;
            if (element.ValueKind != JsonValueKind.Object)
                throw Error($"must be a JSON object, found a JSON {element.ValueKind}.");
        }

        /// <summary>What the object is, for messages (built only when needed).</summary>
        public string Where => _index < 0 ? _what : $"{_what} {_index}";

        public ModelFormatException Error(string problem, Exception? inner = null) =>
            new(_source, $"in the 'model' metadata, {Where} {problem}", inner);

        /// <summary>Looks a field up without allocating; remembers that it was read.</summary>
        private bool TryGet(string name, out JsonElement value)
        {
            if (!_element.TryGetProperty(name, out value)) return false;
            if (!_read.Contains(name)) _read.Add(name);
            return true;
        }

        public JsonElement Required(string name, JsonValueKind kind)
        {
            if (!TryGet(name, out var value))
                throw Error($"lacks the field '{name}'.");
            if (value.ValueKind != kind)
                throw Error($"field '{name}' must be a JSON {kind}, found '{value}'.");
            return value;
        }

        /// <summary>The field, or null when it is missing or JSON null.</summary>
        public JsonElement? Optional(string name) =>
            TryGet(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

        public string String(string name) => Required(name, JsonValueKind.String).GetString()!;

        public bool Boolean(string name)
        {
            if (!TryGet(name, out var value))
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

        /// <summary>Refuses fields that were not read, and repeated ones (names are only built for the message).</summary>
        public void End()
        {
            int count = 0;
            foreach (var _ in _element.EnumerateObject()) count++;
            if (count == _read.Count) return;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in _element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw Error($"names the field '{property.Name}' twice.");
                if (!_read.Contains(property.Name))
                    throw Error($"has the unknown field '{property.Name}'.");
            }
        }
    }
}
