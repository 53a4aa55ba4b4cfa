using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Cli.Commands;

/// <summary>
/// What <c>nnfs train --resume</c> needs besides the model: the run's settings, the number of completed epochs, the
/// generator's state after them, the loss of the run's first step, and a fingerprint of the training data. Stored as
/// JSON in the model file's <c>training</c> metadata entry.
/// </summary>
/// <remarks>
/// <para>The JSON object has <c>version</c> (1), the settings (<c>dataset</c>, <c>samples</c>, <c>classes</c>,
/// <c>hidden</c>, <c>activation</c>, <c>optimizer</c>, <c>learning_rate</c>, <c>decay</c>, <c>momentum</c>, <c>l2</c>,
/// <c>dropout</c>, <c>epochs</c>, <c>batch_size</c> (null for full batch), <c>seed</c>, <c>exact</c>, <c>shuffle</c>,
/// <c>validation</c>), <c>completed_epochs</c>, <c>start_loss</c>, <c>data_sha256</c> (SHA-256 of the training inputs'
/// float32 bytes followed by the targets', lowercase hex) and <c>random</c> (<c>key</c>: the 624 MT19937 words as
/// little-endian bytes in base64, <c>position</c>, <c>has_gauss</c>, <c>gauss</c>).</para>
/// <para><see cref="Parse"/> refuses anything else (a missing or extra field, a value of the wrong type or out of the
/// options' ranges) with an <see cref="InvalidDataException"/> naming the file.</para>
/// </remarks>
/// <param name="Settings">The run's settings; <see cref="TrainSettings.Epochs"/> is the run's planned total.</param>
/// <param name="CompletedEpochs">Epochs completed when the file was saved.</param>
/// <param name="StartLoss">The loss of the run's first step (for the rising-loss warning).</param>
/// <param name="DataSha256">Fingerprint of the training data (<see cref="Fingerprint"/>).</param>
/// <param name="Random">The run's generator after <paramref name="CompletedEpochs"/>.</param>
internal sealed record TrainingCheckpoint(TrainSettings Settings, int CompletedEpochs, double StartLoss, string DataSha256, GeneratorState Random)
{
    /// <summary>The version of the JSON layout.</summary>
    public const int Version = 1;

    private static readonly string[] Fields =
    [
        "version", "dataset", "samples", "classes", "hidden", "activation", "optimizer", "learning_rate", "decay", "momentum",
        "l2", "dropout", "epochs", "batch_size", "seed", "exact", "shuffle", "validation", "completed_epochs", "start_loss",
        "data_sha256", "random",
    ];

    /// <summary>SHA-256 (lowercase hex) of the inputs' float32 bytes followed by the targets' (class ids as int32).</summary>
    public static string Fingerprint(Matrix x, Targets y)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.Span));
        if (y.Classes is { } classes) hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(classes.AsSpan()));
        else hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(y.Values!.Span));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The JSON text.</summary>
    public string ToJson()
    {
        var s = Settings;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("version", Version);
            w.WriteString("dataset", s.Dataset.Kind == DatasetKind.Csv ? Path.GetFullPath(s.Dataset.CsvPath!) : s.Dataset.Name);
            w.WriteNumber("samples", s.Samples);
            w.WriteNumber("classes", s.Classes);
            w.WriteStartArray("hidden");
            foreach (int h in s.Hidden) w.WriteNumberValue(h);
            w.WriteEndArray();
            w.WriteString("activation", s.Activation.ToString().ToLowerInvariant());
            w.WriteString("optimizer", s.Optimizer.ToString().ToLowerInvariant());
            w.WriteNumber("learning_rate", s.LearningRate);
            w.WriteNumber("decay", s.Decay);
            w.WriteNumber("momentum", s.Momentum);
            w.WriteNumber("l2", s.L2);
            w.WriteNumber("dropout", s.Dropout);
            w.WriteNumber("epochs", s.Epochs);
            if (s.BatchSize is int b) w.WriteNumber("batch_size", b);
            else w.WriteNull("batch_size");
            w.WriteNumber("seed", s.Seed);
            w.WriteBoolean("exact", s.Exact);
            w.WriteBoolean("shuffle", s.Shuffle);
            w.WriteString("validation", s.Validation.ToString());
            w.WriteNumber("completed_epochs", CompletedEpochs);
            w.WriteNumber("start_loss", StartLoss);
            w.WriteString("data_sha256", DataSha256);
            w.WriteStartObject("random");
            var key = new byte[GeneratorState.KeyLength * 4];
            for (int i = 0; i < GeneratorState.KeyLength; i++)
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(key.AsSpan(i * 4), Random.Key[i]);
            w.WriteString("key", Convert.ToBase64String(key));
            w.WriteNumber("position", Random.Position);
            w.WriteBoolean("has_gauss", Random.HasGauss);
            w.WriteNumber("gauss", Random.Gauss);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads the JSON written by <see cref="ToJson"/>; <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="InvalidDataException">The text is not such a record, naming the file and the problem.</exception>
    public static TrainingCheckpoint Parse(string json, string source)
    {
        InvalidDataException Bad(string problem) => new($"{source}: the training record is not valid: {problem}");
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad("not a JSON object");
            var names = root.EnumerateObject().Select(p => p.Name).ToList();
            if (names.Count != names.Distinct(StringComparer.Ordinal).Count()) throw Bad("a field appears twice");
            foreach (var name in names)
                if (!Fields.Contains(name)) throw Bad($"unknown field '{name}'");
            foreach (var name in Fields)
                if (!root.TryGetProperty(name, out _)) throw Bad($"no '{name}'");
            if (Int(root, "version", 1, 1, Bad) != Version) throw Bad("unsupported version");

            DatasetChoice dataset;
            try
            {
                dataset = DatasetChoice.Parse(Text(root, "dataset", Bad));
            }
            catch (FormatException e)
            {
                throw Bad(e.Message);
            }
            var hiddenElement = root.GetProperty("hidden");
            if (hiddenElement.ValueKind != JsonValueKind.Array || hiddenElement.GetArrayLength() > 100) throw Bad("'hidden' is not a list of sizes");
            var hidden = hiddenElement.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int h) && h is >= 1 and <= OptionParsers.MaxLayerSize
                    ? h : throw Bad("'hidden' holds a size outside 1 … 65536")).ToArray();
            var activation = Text(root, "activation", Bad) switch
            {
                "relu" => HiddenActivation.Relu,
                "sigmoid" => HiddenActivation.Sigmoid,
                _ => throw Bad("unknown 'activation'"),
            };
            var optimizer = Text(root, "optimizer", Bad) switch
            {
                "sgd" => OptimizerKind.Sgd,
                "adagrad" => OptimizerKind.Adagrad,
                "rmsprop" => OptimizerKind.Rmsprop,
                "adam" => OptimizerKind.Adam,
                _ => throw Bad("unknown 'optimizer'"),
            };
            int epochs = Int(root, "epochs", 1, int.MaxValue, Bad);
            var batch = root.GetProperty("batch_size");
            int? batchSize = batch.ValueKind == JsonValueKind.Null ? null : Int(root, "batch_size", 1, int.MaxValue, Bad);
            ValidationChoice validation;
            try
            {
                validation = OptionParsers.Validation(Text(root, "validation", Bad));
            }
            catch (FormatException e)
            {
                throw Bad(e.Message);
            }
            var settings = new TrainSettings
            {
                Dataset = dataset,
                Samples = Int(root, "samples", 1, TrainCommand.MaxSamples, Bad),
                Classes = Int(root, "classes", 2, TrainCommand.MaxClasses, Bad),
                Hidden = hidden,
                Activation = activation,
                Optimizer = optimizer,
                LearningRate = Number(root, "learning_rate", double.Epsilon, double.MaxValue, Bad),
                Decay = Number(root, "decay", 0, double.MaxValue, Bad),
                Momentum = Number(root, "momentum", 0, Math.BitDecrement(1.0), Bad),
                L2 = Number(root, "l2", 0, double.MaxValue, Bad),
                Dropout = Number(root, "dropout", 0, Math.BitDecrement(1.0), Bad),
                Epochs = epochs,
                BatchSize = batchSize,
                Seed = (uint)Long(root, "seed", 0, uint.MaxValue, Bad),
                Exact = Bool(root, "exact", Bad),
                Shuffle = Bool(root, "shuffle", Bad),
                Validation = validation,
                Output = null,
                PrintEvery = 1,
            };
            int completed = Int(root, "completed_epochs", 1, epochs, Bad);
            double startLoss = Number(root, "start_loss", 0, double.MaxValue, Bad);
            string sha = Text(root, "data_sha256", Bad);
            if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower)) throw Bad("'data_sha256' is not 64 lowercase hex digits");

            var random = root.GetProperty("random");
            if (random.ValueKind != JsonValueKind.Object) throw Bad("'random' is not an object");
            var randomNames = random.EnumerateObject().Select(p => p.Name).ToList();
            if (randomNames.Count != 4 || !randomNames.Order(StringComparer.Ordinal).SequenceEqual(["gauss", "has_gauss", "key", "position"]))
                throw Bad("'random' must have exactly key, position, has_gauss and gauss");
            byte[] keyBytes;
            try
            {
                keyBytes = Convert.FromBase64String(Text(random, "key", Bad));
            }
            catch (FormatException)
            {
                throw Bad("'random.key' is not base64");
            }
            if (keyBytes.Length != GeneratorState.KeyLength * 4) throw Bad($"'random.key' is not {GeneratorState.KeyLength} words");
            var key = new uint[GeneratorState.KeyLength];
            for (int i = 0; i < key.Length; i++) key[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(keyBytes.AsSpan(i * 4));
            var state = new GeneratorState(key, Int(random, "position", 0, GeneratorState.KeyLength, Bad), Bool(random, "has_gauss", Bad),
                Number(random, "gauss", double.MinValue, double.MaxValue, Bad));
            try
            {
                new RandomState(0).SetState(state);
            }
            catch (ArgumentException e)
            {
                throw Bad(e.Message);
            }
            return new TrainingCheckpoint(settings, completed, startLoss, sha, state);
        }
        catch (JsonException e)
        {
            throw Bad(CommandRunner.OneLine(e.Message));
        }
        catch (ArgumentException e)
        {
            // Malformed UTF-16 (a lone surrogate) and the like.
            throw Bad(CommandRunner.OneLine(e.Message));
        }
    }

    private static string Text(JsonElement e, string name, Func<string, InvalidDataException> bad)
    {
        var v = e.GetProperty(name);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw bad($"'{name}' is not a string");
    }

    private static bool Bool(JsonElement e, string name, Func<string, InvalidDataException> bad) => e.GetProperty(name).ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw bad($"'{name}' is not true or false"),
    };

    private static long Long(JsonElement e, string name, long min, long max, Func<string, InvalidDataException> bad)
    {
        var v = e.GetProperty(name);
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n) && n >= min && n <= max) return n;
        throw bad($"'{name}' is not a whole number from {min} to {max}");
    }

    private static int Int(JsonElement e, string name, int min, int max, Func<string, InvalidDataException> bad) =>
        (int)Long(e, name, min, max, bad);

    private static double Number(JsonElement e, string name, double min, double max, Func<string, InvalidDataException> bad)
    {
        var v = e.GetProperty(name);
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d) && d >= min && d <= max) return d;
        throw bad(string.Create(CultureInfo.InvariantCulture, $"'{name}' is not a number from {min:g} to {max:g}"));
    }
}
