using System.Reflection;
using System.Text.Json;
using Nnfs.Activations;
using Nnfs.Descriptions;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Tests.Serialization;

/// <summary>The table of known kinds: every kind's description round-trips (Keras's config test), and only the types
/// the table lists are saved as their kinds.</summary>
public class KnownKindsTests
{
    /// <summary>One part of every kind, each setting away from its default (so a forgotten setting shows).</summary>
    private static readonly Dictionary<string, Func<object>> Samples = new()
    {
        ["dense"] = () => new Dense(3, 5, 0.001f, 5e-4f, 0.002f, 3e-4f, random: new RandomState(0)),
        ["dropout"] = () => new Dropout(0.15f),
        ["relu"] = () => new ReLU(),
        ["softmax"] = () => new Softmax(),
        ["sigmoid"] = () => new Sigmoid(),
        ["linear"] = () => new Linear(),
        ["categorical_cross_entropy"] = () => new CategoricalCrossEntropy(),
        ["binary_cross_entropy"] = () => new BinaryCrossEntropy(),
        ["mean_squared_error"] = () => new MeanSquaredError(),
        ["mean_absolute_error"] = () => new MeanAbsoluteError(),
        ["categorical"] = () => new CategoricalAccuracy(binary: true),
        ["regression"] = () => new RegressionAccuracy { Precision = 0.0123 },
        ["sgd"] = () => Progressed(new Sgd(0.7, 1e-3, 0.85)),
        ["adagrad"] = () => Progressed(new AdaGrad(0.3, 2e-4, 3e-7)),
        ["rmsprop"] = () => Progressed(new RmsProp(0.01, 1e-5, 2e-7, 0.95)),
        ["adam"] = () => Progressed(new Adam(0.02, 5e-7, 1e-8, 0.8, 0.99)),
    };

    private static Optimizer Progressed(Optimizer optimizer)
    {
        optimizer.Iterations = 1234;
        optimizer.CurrentLearningRate = optimizer.LearningRate / 3;
        return optimizer;
    }

    private static IEnumerable<string> TableKinds() =>
        KnownKinds.Layers.Rows.Select(r => r.Kind).Concat(KnownKinds.Losses.Rows.Select(r => r.Kind))
            .Concat(KnownKinds.Accuracies.Rows.Select(r => r.Kind)).Concat(KnownKinds.Optimizers.Rows.Select(r => r.Kind));

    public static TheoryData<string> Kinds() => new(TableKinds());

    /// <summary>Reads a description back through the table of its sort of part.</summary>
    private static object Read(object part, Description description)
    {
        using var json = JsonDocument.Parse(description.ToString());
        var fields = new DescriptionFields(json.RootElement, "part", -1, "test", (_, _, _) => { });
        return part switch
        {
            ILayer => KnownKinds.Layers.Read(fields),
            Loss => KnownKinds.Losses.Read(fields),
            Accuracy => KnownKinds.Accuracies.Read(fields),
            Optimizer => KnownKinds.Optimizers.Read(fields),
            _ => throw new ArgumentException(part.GetType().Name),
        };
    }

    /// <summary>The part's public scalar properties (its settings and progress), by name.</summary>
    private static Dictionary<string, object?> Scalars(object part) =>
        part.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.PropertyType.IsPrimitive || Nullable.GetUnderlyingType(p.PropertyType) is { IsPrimitive: true }))
            .ToDictionary(p => p.Name, p => p.GetValue(part));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKindRoundTripsWithAllItsSettings(string kind)
    {
        var part = Samples[kind]();
        var description = ((IDescribable)part).Describe();
        Assert.Equal(kind, description.Kind);
        var read = Read(part, description);
        Assert.IsType(part.GetType(), read);
        Assert.Equal(description, ((IDescribable)read).Describe());
        // A setting both the description and the table's row forgot would pass the line above; the state would differ.
        Assert.Equal(Scalars(part), Scalars(read));
    }

    [Fact]
    public void TheSamplesCoverEveryKindOfTheTable()
    {
        Assert.Equal(TableKinds().Order(), Samples.Keys.Order());
        Assert.Equal(TableKinds().Count(), TableKinds().Distinct().Count());
    }

    [Fact]
    public void TheScalarComparisonSeesTheSettings()
    {
        var dense = Scalars(Samples["dense"]());
        Assert.Equal(3e-4f, dense["BiasRegularizerL2"]);
        Assert.Equal(5, dense["Neurons"]);
        var adam = Scalars(Samples["adam"]());
        Assert.Equal((0.99, 1234L), (adam["Beta2"], adam["Iterations"]));
        Assert.Equal(0.0123, Scalars(Samples["regression"]())["Precision"]);
    }

    [Fact]
    public void RegressionAccuracyBeforeInitRoundTripsWithoutPrecision()
    {
        var part = new RegressionAccuracy();
        var read = Assert.IsType<RegressionAccuracy>(Read(part, part.Describe()));
        Assert.Null(read.Precision);
        Assert.Equal("{\"kind\":\"regression\",\"precision\":null}", read.Describe().ToString());
    }

    [Fact]
    public void OptimizerSlotsAreTheOnesItsUpdateCreates()
    {
        foreach (var row in KnownKinds.Optimizers.Rows)
        {
            var optimizer = (Optimizer)Samples[row.Kind]();
            var layer = new Dense(2, 2, random: new RandomState(0));
            layer.Forward(new Matrix(1, 2, [1, 2]), training: true);
            layer.Backward(new Matrix(1, 2, [0.5f, -0.5f]));
            optimizer.PreUpdateParams();
            optimizer.UpdateParams(layer);
            Assert.Equal(row.Slots.Order(), layer.Parameters[0].OptimizerState.Keys.Order());
        }
    }

    /// <summary>A layer that describes itself as a kind the table gives to another type.</summary>
    private sealed class Impostor : ILayer, IDescribable
    {
        public Matrix Output => throw new NotSupportedException();
        public Matrix DInputs => throw new NotSupportedException();
        public void Forward(Matrix inputs, bool training) { }
        public void Backward(Matrix dvalues) { }
        public Description Describe() => new("relu");
    }

    [Fact]
    public void OnlyTheTypeOfTheRowIsSavedAsItsKind()
    {
        Assert.Equal("dense", KnownKinds.LayerKind(new Dense(2, 2, random: new RandomState(0))));
        Assert.Equal("relu", KnownKinds.LayerKind(new ReLU()));
        Assert.Null(KnownKinds.LayerKind(new Impostor()));
        var model = new Model();
        model.Add(new Dense(2, 2, random: new RandomState(0)));
        model.Add(new Impostor());
        string path = Path.Combine(Path.GetTempPath(), $"nnfs-impostor-{Guid.NewGuid():N}.model");
        var e = Assert.Throws<NotSupportedException>(() => ModelFile.Save(model, path));
        Assert.Contains("Layer 1 (Impostor) cannot be saved", e.Message);
        Assert.Contains("relu (ReLU)", e.Message);
        Assert.False(File.Exists(path));
    }
}
