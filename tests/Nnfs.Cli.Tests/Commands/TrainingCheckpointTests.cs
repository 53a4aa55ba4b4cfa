using System.Text;
using System.Text.Json.Nodes;
using Nnfs.Cli.Commands;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Cli.Tests.Commands;

/// <summary>The training record stored with a model for <c>--resume</c>: exact round trip, strict reading.</summary>
public class TrainingCheckpointTests
{
    private static TrainingCheckpoint Sample(int? batch = 32)
    {
        var random = new RandomState(9);
        random.NextGaussian(); // leaves a cached Gaussian
        var settings = new TrainSettings
        {
            Dataset = new(DatasetKind.Vertical), Samples = 77, Classes = 4, Hidden = [5, 3], Activation = HiddenActivation.Sigmoid,
            Optimizer = OptimizerKind.Sgd, LearningRate = 0.1 + 0.2, Decay = 1e-7 / 3, Momentum = 0.9, L2 = 5e-4, Dropout = 0.1,
            Epochs = 12, BatchSize = batch, Seed = 4000000000, Exact = true, Shuffle = true,
            Validation = new(ValidationKind.Fraction, 0.15), Output = null, PrintEvery = 1,
        };
        return new TrainingCheckpoint(settings, 5, Math.PI, new string('a', 64), random.GetState());
    }

    private static string Json(int? batch = 32) => Sample(batch).ToJson();

    [Theory]
    [InlineData(32)]
    [InlineData(null)]
    public void RoundTrip_IsExact(int? batch)
    {
        var original = Sample(batch);
        var read = TrainingCheckpoint.Parse(original.ToJson(), "m.model");
        var (a, b) = (original.Settings, read.Settings);
        Assert.Equal((a.Dataset, a.Samples, a.Classes, a.Activation, a.Optimizer), (b.Dataset, b.Samples, b.Classes, b.Activation, b.Optimizer));
        Assert.Equal(a.Hidden, b.Hidden);
        Assert.Equal((a.LearningRate, a.Decay, a.Momentum, a.L2, a.Dropout), (b.LearningRate, b.Decay, b.Momentum, b.L2, b.Dropout));
        Assert.Equal((a.Epochs, a.BatchSize, a.Seed, a.Exact, a.Shuffle, a.Validation), (b.Epochs, b.BatchSize, b.Seed, b.Exact, b.Shuffle, b.Validation));
        Assert.Equal((original.CompletedEpochs, original.StartLoss, original.DataSha256), (read.CompletedEpochs, read.StartLoss, read.DataSha256));
        Assert.Equal(original.Random.Key, read.Random.Key);
        Assert.Equal((original.Random.Position, original.Random.HasGauss, original.Random.Gauss), (read.Random.Position, read.Random.HasGauss, read.Random.Gauss));
        Assert.True(read.Random.HasGauss);
    }

    [Fact]
    public void ACsvDataSet_IsRecordedByItsFullPath()
    {
        string csv = Path.Combine(CliRunner.TempFolder(), "d.csv");
        File.WriteAllText(csv, "1,0\n");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, csv);
        var checkpoint = Sample() with { Settings = Sample().Settings with { Dataset = new(DatasetKind.Csv, relative) } };
        var read = TrainingCheckpoint.Parse(checkpoint.ToJson(), "m.model");
        Assert.Equal(new DatasetChoice(DatasetKind.Csv, csv), read.Settings.Dataset);
    }

    [Fact]
    public void Fingerprint_ChangesWithAnyValue()
    {
        var x = new Matrix(3, 2, [1, 2, 3, 4, 5, 6]);
        string a = TrainingCheckpoint.Fingerprint(x, new[] { 0, 1, 0 });
        Assert.Equal(64, a.Length);
        Assert.Equal(a, TrainingCheckpoint.Fingerprint(x.Clone(), new[] { 0, 1, 0 }));
        Assert.NotEqual(a, TrainingCheckpoint.Fingerprint(x, new[] { 0, 1, 1 }));
        var changed = x.Clone();
        changed[2, 1] = 6.0000005f;
        Assert.NotEqual(a, TrainingCheckpoint.Fingerprint(changed, new[] { 0, 1, 0 }));
    }

    public static TheoryData<string, string> BadRecords()
    {
        var data = new TheoryData<string, string>();
        void Edit(string name, Action<JsonObject> edit, string problem)
        {
            var node = JsonNode.Parse(Json())!.AsObject();
            edit(node);
            data.Add(node.ToJsonString(), problem);
        }
        Edit("missing", n => n.Remove("seed"), "no 'seed'");
        Edit("extra", n => n["extra"] = 1, "unknown field 'extra'");
        Edit("version", n => n["version"] = 2, "'version' is not a whole number from 1 to 1");
        Edit("hidden", n => n["hidden"] = new JsonArray(0), "'hidden' holds a size outside 1 … 65536");
        Edit("rate", n => n["learning_rate"] = 0, "'learning_rate' is not a number");
        Edit("dropout", n => n["dropout"] = 1, "'dropout' is not a number");
        Edit("completed", n => n["completed_epochs"] = 13, "'completed_epochs' is not a whole number from 1 to 12");
        Edit("activation", n => n["activation"] = "tanh", "unknown 'activation'");
        Edit("validation", n => n["validation"] = "2", "--validation: expected");
        Edit("sha", n => n["data_sha256"] = "ABC", "'data_sha256' is not 64 lowercase hex digits");
        Edit("key", n => n["random"]!["key"] = "AAAA", "'random.key' is not 624 words");
        Edit("zeros", n => n["random"]!["key"] = Convert.ToBase64String(new byte[2496]), "the key is all zeros");
        Edit("dataset", n => n["dataset"] = "cifar", "--dataset: expected");
        data.Add("[]", "not a JSON object");
        data.Add("{\"version\": 1, \"version\": 1}", "a field appears twice");
        data.Add("{", "");
        data.Add("{\"dataset\": \"\\ud800\"}", "");
        return data;
    }

    [Theory]
    [MemberData(nameof(BadRecords))]
    public void BadRecords_AreRefusedNamingTheFile(string json, string problem)
    {
        var e = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Parse(json, "run.model"));
        Assert.StartsWith("run.model: the training record is not valid: ", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Fuzz_OnlyInvalidDataException()
    {
        byte[] seed = Encoding.UTF8.GetBytes(Json());
        Fuzzer.Run("training record", seed, input => TrainingCheckpoint.Parse(Encoding.UTF8.GetString(input), "fuzz.model"),
            input => 64L * input.Length + (1 << 20), [typeof(InvalidDataException)]);
    }
}
