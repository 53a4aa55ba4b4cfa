using System.Text.Json;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Tests.Serialization;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nnfs-model-").FullName;
    private readonly (Matrix X, int[] Y) _data = SyntheticData.Spiral(60, 3, new RandomState(1));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static Optimizer NewOptimizer(string kind) => kind switch
    {
        "sgd" => new Sgd(0.5, decay: 1e-3, momentum: 0.9),
        "adagrad" => new AdaGrad(0.5, decay: 1e-3),
        "rmsprop" => new RmsProp(0.01, decay: 1e-3, rho: 0.95),
        "adam" => new Adam(0.02, decay: 1e-3),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>2 → hidden → 3 spiral classifier with regularization and dropout.</summary>
    private static Model Classifier(uint seed, string optimizer = "adam", int hidden = 16)
    {
        var random = new RandomState(seed);
        var model = new Model { Report = TrainingReport.None };
        model.Add(new Dense(2, hidden, weightRegularizerL2: 5e-4f, biasRegularizerL1: 1e-5f, random: random));
        model.Add(new ReLU());
        model.Add(new Dropout(0.1f));
        model.Add(new Dense(hidden, 3, random: random));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), NewOptimizer(optimizer), new CategoricalAccuracy());
        model.Build();
        return model;
    }

    /// <summary><see cref="Classifier"/> (seed 0) trained one epoch, its dropout masks drawn from a generator of this
    /// test's own (concurrently running tests must not draw from the process-wide one).</summary>
    private Model TrainedOneEpoch(string optimizer)
    {
        using var _ = RandomState.UseGlobal(new RandomState(0));
        var model = Classifier(seed: 0, optimizer);
        model.Train(_data.X, _data.Y, epochs: 1);
        return model;
    }

    private static string EvaluationLine(Model model, Matrix x, Targets y)
    {
        var output = new StringWriter();
        model.Output = output;
        model.Report = TrainingReport.Steps;
        model.Evaluate(x, y);
        model.Report = TrainingReport.None;
        return output.ToString();
    }

    private static int[] Bits(Matrix m) => m.Span.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    private static void AssertSameParametersAndState(Model expected, Model actual)
    {
        var e = expected.NamedParameters().ToList();
        var a = actual.NamedParameters().ToList();
        Assert.Equal(e.Select(p => p.Key), a.Select(p => p.Key));
        for (int i = 0; i < e.Count; i++)
        {
            Assert.Equal(Bits(e[i].Value.Value), Bits(a[i].Value.Value));
            Assert.Equal(e[i].Value.OptimizerState.Keys.Order(), a[i].Value.OptimizerState.Keys.Order());
            foreach (var (slot, state) in e[i].Value.OptimizerState)
                Assert.Equal(Bits(state), Bits(a[i].Value.OptimizerState[slot]));
        }
    }

    [Fact]
    public void ParametersRoundTripGivesTheSameEvaluation()
    {
        using var _ = RandomState.UseGlobal(new RandomState(3));
        var trained = Classifier(seed: 0);
        trained.Train(_data.X, _data.Y, epochs: 20, batchSize: 32);
        string expected = EvaluationLine(trained, _data.X, _data.Y);
        var evaluation = trained.Evaluate(_data.X, _data.Y);
        Assert.StartsWith("validation, acc: ", expected);

        string path = PathOf("spiral.parms");
        trained.SaveParameters(path);
        var fresh = Classifier(seed: 99);
        Assert.NotEqual(expected, EvaluationLine(fresh, _data.X, _data.Y));
        fresh.LoadParameters(path);
        Assert.Equal(expected, EvaluationLine(fresh, _data.X, _data.Y));
        Assert.Equal(evaluation, fresh.Evaluate(_data.X, _data.Y));
        for (int i = 0; i < trained.TrainableLayers.Count; i++)
            for (int j = 0; j < 2; j++)
                Assert.Equal(Bits(trained.TrainableLayers[i].Parameters[j].Value), Bits(fresh.TrainableLayers[i].Parameters[j].Value));

        var file = SafeTensorsReader.ReadFile(path);
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias"], file.Tensors.Select(t => t.Key));
        Assert.Equal("parameters", file.Metadata["kind"]);
        Assert.False(file.Metadata.ContainsKey("model"));
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adagrad")]
    [InlineData("rmsprop")]
    [InlineData("adam")]
    public void WholeModelRoundTripKeepsEverything(string optimizer)
    {
        using var _ = RandomState.UseGlobal(new RandomState(3));
        var trained = Classifier(seed: 0, optimizer);
        trained.Train(_data.X, _data.Y, epochs: 2, batchSize: 32);
        string path = PathOf("spiral.model");
        trained.Save(path);
        var loaded = Model.Load(path);

        Assert.True(loaded.IsBuilt);
        Assert.Equal(trained.Layers.Select(l => l.GetType()), loaded.Layers.Select(l => l.GetType()));
        var dense = (Dense)loaded.Layers[0];
        Assert.Equal((2, 16, 0f, 5e-4f, 1e-5f, 0f),
            (dense.InputCount, dense.Neurons, dense.WeightRegularizerL1, dense.WeightRegularizerL2, dense.BiasRegularizerL1, dense.BiasRegularizerL2));
        Assert.Equal(0.1f, ((Dropout)loaded.Layers[2]).Rate);
        Assert.IsType<CategoricalCrossEntropy>(loaded.Loss);
        Assert.False(Assert.IsType<CategoricalAccuracy>(loaded.Accuracy).Binary);
        Assert.NotNull(loaded.SoftmaxClassifierOutput);
        var (o, l) = (trained.Optimizer!, loaded.Optimizer!);
        Assert.Equal(o.GetType(), l.GetType());
        Assert.Equal((o.LearningRate, o.Decay, o.CurrentLearningRate, o.Iterations), (l.LearningRate, l.Decay, l.CurrentLearningRate, l.Iterations));
        Assert.Equal(12, l.Iterations);
        switch (o, l)
        {
            case (Sgd a, Sgd b): Assert.Equal(a.Momentum, b.Momentum); break;
            case (AdaGrad a, AdaGrad b): Assert.Equal(a.Epsilon, b.Epsilon); break;
            case (RmsProp a, RmsProp b): Assert.Equal((a.Epsilon, a.Rho), (b.Epsilon, b.Rho)); break;
            case (Adam a, Adam b): Assert.Equal((a.Epsilon, a.Beta1, a.Beta2), (b.Epsilon, b.Beta1, b.Beta2)); break;
            default: Assert.Fail("optimizer type changed"); break;
        }
        AssertSameParametersAndState(trained, loaded);
        Assert.NotEmpty(loaded.NamedParameters().First().Value.OptimizerState);
        Assert.Equal(EvaluationLine(trained, _data.X, _data.Y), EvaluationLine(loaded, _data.X, _data.Y));
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void ResumedTrainingContinuesBitIdentically(string optimizer)
    {
        string TrainLines(StringWriter w) =>
            string.Join('\n', w.ToString().Split('\n').Where(line => !line.StartsWith("epoch:", StringComparison.Ordinal)));

        // Uninterrupted: 4 epochs. The dropout masks come from the flow's global generator, seeded alike in both runs.
        var straightLog = new StringWriter();
        Model straight;
        using (RandomState.UseGlobal(new RandomState(5)))
        {
            straight = Classifier(seed: 0, optimizer);
            straight.Train(_data.X, _data.Y, epochs: 2, batchSize: 32);
            straight.Output = straightLog;
            straight.Report = TrainingReport.Steps;
            straight.Train(_data.X, _data.Y, epochs: 2, batchSize: 32, printEvery: 1);
        }

        // Interrupted: 2 epochs, save, load into a new model (which must not draw from the generator), 2 more.
        var resumedLog = new StringWriter();
        Model resumed;
        using (RandomState.UseGlobal(new RandomState(5)))
        {
            var first = Classifier(seed: 0, optimizer);
            first.Train(_data.X, _data.Y, epochs: 2, batchSize: 32);
            string path = PathOf("checkpoint.model");
            ModelFile.Save(first, path);
            resumed = ModelFile.Load(path);
            resumed.Output = resumedLog;
            resumed.Report = TrainingReport.Steps;
            resumed.Train(_data.X, _data.Y, epochs: 2, batchSize: 32, printEvery: 1);
        }

        Assert.Equal(24, resumed.Optimizer!.Iterations);
        Assert.Equal(straight.Optimizer!.CurrentLearningRate, resumed.Optimizer.CurrentLearningRate);
        AssertSameParametersAndState(straight, resumed);
        Assert.Contains("step: 1,", resumedLog.ToString());
        Assert.Equal(TrainLines(straightLog), TrainLines(resumedLog));
    }

    [Fact]
    public void OtherKindsRoundTrip()
    {
        var (x, y) = SyntheticData.Sine(200);
        var random = new RandomState(2);
        var regression = new Model { Report = TrainingReport.None };
        regression.Add(new Dense(1, 8, random: random, initScale: 0.1f));
        regression.Add(new Sigmoid());
        regression.Add(new Dense(8, 1, random: random, initScale: 0.1f));
        regression.Add(new Linear());
        regression.Set(new MeanAbsoluteError(), new RmsProp(0.005), new RegressionAccuracy());
        regression.Train(x, y, epochs: 3);
        string path = PathOf("sine.model");
        ModelFile.Save(regression, path);
        var loaded = ModelFile.Load(path);
        Assert.IsType<MeanAbsoluteError>(loaded.Loss);
        Assert.Equal(((RegressionAccuracy)regression.Accuracy!).Precision, Assert.IsType<RegressionAccuracy>(loaded.Accuracy).Precision);
        Assert.IsType<Sigmoid>(loaded.Layers[1]);
        Assert.IsType<Linear>(loaded.Layers[3]);
        Assert.Equal(Bits(regression.Predict(x)), Bits(loaded.Predict(x)));

        var binary = new Model { Report = TrainingReport.None };
        binary.Add(new Dense(2, 4, random: random));
        binary.Add(new ReLU());
        binary.Add(new Dense(4, 1, random: random));
        binary.Add(new Sigmoid());
        binary.Set(new BinaryCrossEntropy(), accuracy: new CategoricalAccuracy(binary: true));
        binary.Build();
        ModelFile.Save(binary, path);
        var loadedBinary = ModelFile.Load(path);
        Assert.IsType<BinaryCrossEntropy>(loadedBinary.Loss);
        Assert.True(Assert.IsType<CategoricalAccuracy>(loadedBinary.Accuracy).Binary);
        Assert.Null(loadedBinary.Optimizer);

        var untrained = new Model();
        untrained.Add(new Dense(2, 3, random: random));
        untrained.Add(new ReLU());
        untrained.Set(new MeanSquaredError(), new Adam(), new RegressionAccuracy());
        ModelFile.Save(untrained, path);
        var loadedUntrained = ModelFile.Load(path);
        Assert.IsType<MeanSquaredError>(loadedUntrained.Loss);
        Assert.Null(((RegressionAccuracy)loadedUntrained.Accuracy!).Precision);
        Assert.Equal(0, loadedUntrained.Optimizer!.Iterations);
        Assert.Empty(loadedUntrained.NamedParameters().First().Value.OptimizerState);
    }

    [Fact]
    public void LoadingDoesNotDrawFromTheGlobalGenerator()
    {
        using var _ = RandomState.UseGlobal(new RandomState(11));
        string path = PathOf("m.model");
        ModelFile.Save(Classifier(seed: 0), path);
        uint next = new RandomState(0).NextUInt32();
        RandomState.Global.Seed(0);
        ModelFile.Load(path);
        Assert.Equal(next, RandomState.Global.NextUInt32());
    }

    [Fact]
    public void DescriptionIsTheDocumentedJson()
    {
        string path = PathOf("m.model");
        var model = Classifier(seed: 0);
        ModelFile.Save(model, path);
        var file = SafeTensorsReader.ReadFile(path);
        Assert.Equal(("nnfs", "2", "model"), (file.Metadata["format"], file.Metadata["format_version"], file.Metadata["kind"]));
        using var json = JsonDocument.Parse(file.Metadata["model"]);
        var root = json.RootElement;
        Assert.Equal(["dense", "relu", "dropout", "dense", "softmax"], root.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("kind").GetString()));
        Assert.Equal(0.1f, root.GetProperty("layers")[2].GetProperty("rate").GetSingle());
        Assert.Equal(5e-4f, root.GetProperty("layers")[0].GetProperty("weight_regularizer_l2").GetSingle());
        Assert.Equal("categorical_cross_entropy", root.GetProperty("loss").GetProperty("kind").GetString());
        Assert.Equal("categorical", root.GetProperty("accuracy").GetProperty("kind").GetString());
        var adam = root.GetProperty("optimizer");
        Assert.Equal(("adam", 0.02, 1e-3, 0L), (adam.GetProperty("kind").GetString(), adam.GetProperty("learning_rate").GetDouble(),
            adam.GetProperty("decay").GetDouble(), adam.GetProperty("iterations").GetInt64()));
    }

    [Fact]
    public void MismatchedArchitectureIsRefusedAndTheTargetUnchanged()
    {
        string path = PathOf("wide.parms");
        ModelFile.SaveParameters(Classifier(seed: 0, hidden: 32), path);
        var target = Classifier(seed: 1, hidden: 16);
        var before = target.NamedParameters().Select(p => Bits(p.Value.Value)).ToList();

        var ex = Assert.Throws<ModelFormatException>(() => ModelFile.LoadParameters(target, path));
        Assert.Contains("wide.parms", ex.Message);
        Assert.Contains("'layers.0.weight' has shape (2, 32) but the model's parameter is (2, 16)", ex.Message);
        Assert.Equal(before, target.NamedParameters().Select(p => Bits(p.Value.Value)).ToList());

        var deeper = new Model();
        deeper.Add(new Dense(2, 16, random: new RandomState(0)));
        deeper.Add(new ReLU());
        deeper.Add(new Dense(16, 3, random: new RandomState(0)));
        deeper.Add(new Softmax());
        ModelFile.SaveParameters(Classifier(seed: 0), path);
        Assert.Contains("'layers.2.weight' (16, 3) is missing", Assert.Throws<ModelFormatException>(() => ModelFile.LoadParameters(deeper, path)).Message);
    }

    [Fact]
    public void KindsAreChecked()
    {
        string parameters = PathOf("p.parms"), model = PathOf("m.model");
        var trained = TrainedOneEpoch("adam");
        ModelFile.SaveParameters(trained, parameters);
        ModelFile.Save(trained, model);
        Assert.Contains("parameters only", Assert.Throws<ModelFormatException>(() => ModelFile.Load(parameters)).Message);
        var target = Classifier(seed: 1);
        ModelFile.LoadParameters(target, model);
        Assert.Equal(trained.NamedParameters().Select(p => Bits(p.Value.Value)), target.NamedParameters().Select(p => Bits(p.Value.Value)));
        Assert.Empty(target.NamedParameters().First().Value.OptimizerState);
    }

    /// <summary>Rewrites a valid model file with changed metadata (the checksum stays valid).</summary>
    private string WithMetadata(Action<Dictionary<string, string>> change)
    {
        string path = PathOf($"edited-{Guid.NewGuid():N}.model");
        var trained = TrainedOneEpoch("adam");
        ModelFile.Save(trained, path);
        var file = SafeTensorsReader.ReadFile(path);
        var metadata = file.Metadata.ToDictionary();
        change(metadata);
        SafeTensorsWriter.WriteFile(path, new SafeTensorsFile(file.Tensors, metadata));
        return path;
    }

    private string WithDescription(Func<string, string> change) => WithMetadata(m => m["model"] = change(m["model"]));

    public static TheoryData<string, string> BadMetadata => new()
    {
        { "format=other", "its format is 'other', expected 'nnfs'" },
        { "format=", "not an nnfs one (no 'format' metadata)" },
        { "format_version=3", "format version '3' is not supported (this library reads versions 1 and 2)" },
        { "format_version=", "has no 'format_version'" },
        { "kind=weights", "its kind is 'weights'" },
        { "model=", "has no 'model' entry" },
        { "model={", "the 'model' metadata is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadMetadata))]
    public void BadMetadataIsRefused(string edit, string problem)
    {
        var (key, value) = (edit[..edit.IndexOf('=')], edit[(edit.IndexOf('=') + 1)..]);
        string path = WithMetadata(m =>
        {
            if (value.Length == 0) m.Remove(key);
            else m[key] = value;
        });
        var ex = Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        Assert.Contains(problem, ex.Message);
        Assert.Contains(Path.GetFileName(path), ex.Message);
    }

    public static TheoryData<string, string, string> BadDescriptions => new()
    {
        { "\"kind\":\"relu\"", "\"kind\":\"conv2d\"", "layer 1 has the unknown kind 'conv2d'" },
        { "\"kind\":\"relu\"", "\"kind\":\"relu\",\"alpha\":1", "layer 1 has the unknown field 'alpha'" },
        { "\"rate\":0.1", "\"rate\":1.5", "layer 2 has an invalid value" },
        { "\"rate\":0.1", "\"rate\":\"0.1\"", "field 'rate' must be a JSON Number" },
        { "\"inputs\":2,", "", "layer 0 lacks the field 'inputs'" },
        { "\"inputs\":2", "\"inputs\":2.5", "must be a 32-bit integer" },
        { "\"categorical_cross_entropy\"", "\"hinge\"", "the loss has the unknown kind 'hinge'" },
        { "\"binary\":false", "\"binary\":0", "field 'binary' must be true or false" },
        { "\"kind\":\"adam\"", "\"kind\":\"lion\"", "the optimizer has the unknown kind 'lion'" },
        { "\"beta_1\":0.9", "\"beta_1\":1.9", "the optimizer has an invalid value" },
        { "\"iterations\":1", "\"iterations\":-1", "the optimizer has an invalid value" },
        { "\"decay\":0.001", "\"decay\":1e999", "must be a finite number" },
        { "{\"layers\":[", "{\"layers\":[{\"kind\":\"dense\",\"inputs\":2,\"neurons\":16,\"weight_regularizer_l1\":0,\"weight_regularizer_l2\":0,\"bias_regularizer_l1\":0,\"bias_regularizer_l2\":0},", "is missing" },
        { "{\"layers\":[", "{\"extra\":1,\"layers\":[", "the model description has the unknown field 'extra'" },
    };

    [Theory]
    [MemberData(nameof(BadDescriptions))]
    public void BadDescriptionIsRefused(string find, string replace, string problem)
    {
        string path = WithDescription(json =>
        {
            Assert.Contains(find, json);
            return json.Replace(find, replace);
        });
        Assert.Contains(problem, Assert.Throws<ModelFormatException>(() => ModelFile.Load(path)).Message);
    }

    [Fact]
    public void StateOfASlotTheOptimizerDoesNotUseIsRefused()
    {
        string path = WithDescription(json => json.Replace("\"kind\":\"adam\"", "\"kind\":\"adagrad\"").Replace(",\"beta_1\":0.9,\"beta_2\":0.999", ""));
        Assert.Contains("'layers.0.weight.momentum' does not belong to the model", Assert.Throws<ModelFormatException>(() => ModelFile.Load(path)).Message);
    }

    [Fact]
    public void MissingChecksumIsRefused()
    {
        string path = PathOf("nochecksum.model");
        var header = """{"__metadata__":{"format":"nnfs","format_version":"2","kind":"parameters"}}     """;
        var bytes = new byte[8 + header.Length];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), (ulong)header.Length);
        System.Text.Encoding.ASCII.GetBytes(header).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("no 'checksum'", Assert.Throws<ModelFormatException>(() => ModelFile.LoadParameters(new Model(), path)).Message);
    }

    [Fact]
    public void CorruptFilesAreRefusedAndTheTargetUnchanged()
    {
        string path = PathOf("m.parms");
        ModelFile.SaveParameters(Classifier(seed: 0), path);
        byte[] good = File.ReadAllBytes(path);
        var target = Classifier(seed: 1);
        var before = target.NamedParameters().Select(p => Bits(p.Value.Value)).ToList();

        byte[] flipped = (byte[])good.Clone();
        flipped[^5] ^= 1;
        File.WriteAllBytes(path, flipped);
        Assert.Contains("checksum mismatch", Assert.Throws<ModelFormatException>(() => ModelFile.LoadParameters(target, path)).Message);
        for (int length = 0; length < good.Length; length += 7)
        {
            File.WriteAllBytes(path, good[..length]);
            Assert.Throws<ModelFormatException>(() => ModelFile.LoadParameters(target, path));
            Assert.Throws<ModelFormatException>(() => ModelFile.Load(path));
        }
        Assert.Equal(before, target.NamedParameters().Select(p => Bits(p.Value.Value)).ToList());
    }

    [Fact]
    public void LoadsAModelWrittenByNumPy()
    {
        // Both files are written by tests/Nnfs.Tests/Golden/Serialization/make_numpy_safetensors.py (see there).
        string golden = Path.Combine(AppContext.BaseDirectory, "Golden", "Serialization");
        var model = ModelFile.Load(Path.Combine(golden, "numpy_model_v1.nnfs"));
        var expected = SafeTensorsReader.ReadFile(Path.Combine(golden, "numpy_model_v1_expected.safetensors"));

        Assert.Equal(0.2f, Assert.IsType<Dropout>(model.Layers[2]).Rate);
        Assert.Equal(5e-4f, Assert.IsType<Dense>(model.Layers[0]).WeightRegularizerL2);
        var adam = Assert.IsType<Adam>(model.Optimizer);
        Assert.Equal((0.01, 0.001, 1e-7, 0.9, 0.999, 7L), (adam.LearningRate, adam.Decay, adam.Epsilon, adam.Beta1, adam.Beta2, adam.Iterations));
        Assert.Equal(0.01 * (1.0 / (1.0 + 0.001 * 6)), adam.CurrentLearningRate);
        var file = SafeTensorsReader.ReadFile(Path.Combine(golden, "numpy_model_v1.nnfs"));
        foreach (var (key, parameter) in model.NamedParameters())
        {
            Assert.Equal(Bits(file.Find(key)!), Bits(parameter.Value));
            Assert.Equal(Bits(file.Find($"{key}.momentum")!), Bits(parameter.OptimizerState["momentum"]));
            Assert.Equal(Bits(file.Find($"{key}.cache")!), Bits(parameter.OptimizerState["cache"]));
        }

        using var _ = Engine.UsePath(NumericPath.Exact);
        var probabilities = model.Predict(expected.Find("x")!);
        var reference = expected.Find("probabilities")!;
        Assert.Equal((reference.Rows, reference.Columns), (probabilities.Rows, probabilities.Columns));
        for (int i = 0; i < reference.Length; i++)
            Assert.True(Math.Abs(reference.Span[i] - probabilities.Span[i]) <= 1e-6f, $"element {i}: {probabilities.Span[i]} vs NumPy {reference.Span[i]}");
    }

    [Fact]
    public void AfterAChangeOfOptimizerOnlyItsStateIsSaved()
    {
        var model = TrainedOneEpoch("adam");
        model.Set(optimizer: new Sgd(momentum: 0.5));
        string path = PathOf("m.model");
        ModelFile.Save(model, path);
        var loaded = ModelFile.Load(path);
        Assert.IsType<Sgd>(loaded.Optimizer);
        Assert.Equal(["momentum"], loaded.NamedParameters().First().Value.OptimizerState.Keys);
    }

    [Fact]
    public void EmptyModelIsNotSaved()
    {
        string path = PathOf("empty.model");
        Assert.Throws<InvalidOperationException>(() => ModelFile.Save(new Model(), path));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void EveryFlippedHeaderByteIsRefused()
    {
        var model = TrainedOneEpoch("adam");
        string path = PathOf("m.model");
        ModelFile.Save(model, path);
        byte[] good = File.ReadAllBytes(path);
        int headerEnd = 8 + (int)BitConverter.ToUInt64(good, 0);
        byte[] bad = new byte[good.Length];
        for (int i = 0; i < headerEnd; i++)
        {
            good.CopyTo(bad, 0);
            bad[i] ^= 0x04;
            Assert.Throws<ModelFormatException>(() => ModelFile.LoadFromBytes(bad, "m.model"));
        }
    }

    private sealed class Custom : ILayer
    {
        public Matrix Output => throw new NotSupportedException();
        public Matrix DInputs => throw new NotSupportedException();
        public void Forward(Matrix inputs, bool training) { }
        public void Backward(Matrix dvalues) { }
    }

    [Fact]
    public void UnknownLayerIsRefusedBeforeWriting()
    {
        string path = PathOf("m.model");
        File.WriteAllText(path, "previous");
        var model = new Model();
        model.Add(new Dense(2, 2, random: new RandomState(0)));
        model.Add(new Custom());
        var ex = Assert.Throws<NotSupportedException>(() => ModelFile.Save(model, path));
        Assert.Contains("Layer 1 (Custom)", ex.Message);
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_directory));
    }
}
