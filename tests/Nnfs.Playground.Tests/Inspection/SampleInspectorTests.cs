using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Models;
using Nnfs.Playground.Inspection;
using Nnfs.Tensors;
using Kind = Nnfs.Playground.Tests.Inspection.InspectedNetworks.Kind;

namespace Nnfs.Playground.Tests.Inspection;

public sealed class SampleInspectorTests
{
    [Theory]
    [InlineData(Kind.SpiralSoftmax, 0)]
    [InlineData(Kind.SpiralSoftmax, 250)]
    [InlineData(Kind.BinarySigmoid, 17)]
    [InlineData(Kind.SineRegression, 120)]
    public void ValuesAndGradientsAreTheModelsOwnForwardAndBackwardOnThatSample(Kind kind, int sample)
    {
        var (model, x, y) = InspectedNetworks.Build(kind);
        var before = Snapshot(model);
        var inspection = SampleInspector.Inspect(model, x, y, sample);
        Assert.Equal(before, Snapshot(model));

        // The model's own passes on a batch of that one row (its fused passes, where it has them); its dropout keeps
        // every value (a mask of ones), as the inspection's does.
        var row = new Matrix(1, x.Columns);
        x.Row(sample).CopyTo(row.Span);
        var target = y.Slice(sample, 1);
        for (int i = 0; i < model.Layers.Count; i++)
            if (model.Layers[i] is Dropout dropout)
            {
                var ones = new Matrix(1, inspection.Layers[i].Output.Count);
                ones.Span.Fill(1);
                dropout.SetFixedMask(ones);
            }
        var output = model.Forward(row, training: true);
        model.Backward(output, target);

        Assert.Equal(row.Span.ToArray(), inspection.Input);
        Assert.Equal(Bits(output.Span.ToArray()), Bits(inspection.Outputs));
        for (int i = 0; i < model.Layers.Count; i++)
        {
            var layer = inspection.Layers[i];
            if (model.Layers[i] is Dropout) continue;
            Assert.Equal(Bits(model.Layers[i].Output.Span.ToArray()), Bits(layer.Output));
            if (model.Layers[i] is not Dense dense) continue;
            Assert.Equal(dense.ToString(), layer.Name);
            Assert.Equal(Bits(dense.DWeights.Span.ToArray()), Bits(layer.Dense!.WeightGradients));
            Assert.Equal(Bits(dense.DBiases.Span.ToArray()), Bits(layer.Dense.BiasGradients));
            Assert.Equal(dense.Weights.Span.ToArray(), layer.Dense.Weights);
        }

        var loss = (Loss)Activator.CreateInstance(model.Loss!.GetType())!;
        Assert.Equal(loss.Calculate(output, target), inspection.DataLoss);
        double penalty = model.TrainableLayers.Aggregate(0.0, (total, layer) => layer.AddRegularizationLoss(total));
        Assert.Equal(penalty, inspection.RegularizationLoss);
        Assert.Equal(inspection.DataLoss + penalty, inspection.TotalLoss);
        Assert.Equal(kind == Kind.SpiralSoftmax ? y.Classes![sample] : null, inspection.TargetClass);
    }

    [Fact]
    public void ASoftmaxClassifiersValuesAreTheBooksFormulas()
    {
        // One dense layer 2 → 2, then softmax; x = (1, 2), class 1. z = x·W + b, p = softmax(z), L = −ln p₁,
        // ∂L/∂z = p − (0, 1), ∂L/∂W = xᵀ·∂L/∂z, ∂L/∂b = ∂L/∂z, ∂L/∂x = ∂L/∂z·Wᵀ.
        var dense = new Dense(2, 2);
        dense.SetParameters(Matrix.FromArray(new float[,] { { 0.5f, -1f }, { 0.25f, 0.75f } }), Matrix.RowVector(0.1f, -0.2f));
        var x = Matrix.FromArray(new float[,] { { 3f, 3f }, { 1f, 2f } });
        var inspection = SampleInspector.Inspect([dense, new Softmax()], new CategoricalCrossEntropy(), x, new[] { 0, 1 }, sample: 1);

        double z0 = 1 * 0.5 + 2 * 0.25 + 0.1, z1 = 1 * -1.0 + 2 * 0.75 - 0.2;
        double p0 = Math.Exp(z0) / (Math.Exp(z0) + Math.Exp(z1)), p1 = 1 - p0;
        double[] dz = [p0, p1 - 1];
        Close([z0, z1], inspection.Layers[0].Output);
        Close([p0, p1], inspection.Outputs);
        Assert.Equal(-Math.Log(p1), inspection.DataLoss, 1e-6);
        Assert.Equal(0, inspection.RegularizationLoss);
        Assert.Equal(InspectedLossKind.SoftmaxCategoricalCrossEntropy, inspection.Loss);
        Assert.Null(inspection.OutputGradient);
        Close(dz, inspection.Layers[1].InputGradient);
        Close([1 * dz[0], 1 * dz[1], 2 * dz[0], 2 * dz[1]], inspection.Layers[0].Dense!.WeightGradients);
        Close(dz, inspection.Layers[0].Dense!.BiasGradients);
        Close([dz[0] * 0.5 + dz[1] * -1, dz[0] * 0.25 + dz[1] * 0.75], inspection.Layers[0].InputGradient);
        Assert.Equal([InspectedLayerKind.Dense, InspectedLayerKind.Softmax], inspection.Layers.Select(l => l.Kind));
        Assert.Equal(["Dense(2, 2)", "Softmax"], inspection.Layers.Select(l => l.Name));
    }

    [Fact]
    public void DropoutPassesTheSampleThrough()
    {
        var (model, x, y) = InspectedNetworks.Build(Kind.BinarySigmoid);
        var inspection = SampleInspector.Inspect(model, x, y, 3);
        int dropout = model.Layers.ToList().FindIndex(l => l is Dropout);
        Assert.Equal(InspectedLayerKind.Dropout, inspection.Layers[dropout].Kind);
        Assert.Equal(inspection.Layers[dropout - 1].Output, inspection.Layers[dropout].Output);
        Assert.Equal(inspection.Layers[dropout + 1].InputGradient, inspection.Layers[dropout].InputGradient);
        Assert.NotNull(inspection.OutputGradient);
        Assert.Equal(InspectedLossKind.BinaryCrossEntropy, inspection.Loss);
    }

    [Fact]
    public void BadRequestsAreNamedInOneLine()
    {
        var dense = new Dense(2, 3);
        var x = new Matrix(4, 2);
        int[] y = [0, 1, 2, 0];
        Assert.Contains("Sample 4 is not a row of the data set's 4 samples (4, 2)",
            Assert.Throws<ArgumentException>(() => SampleInspector.Inspect([dense, new Softmax()], new CategoricalCrossEntropy(), x, y, 4)).Message);
        Assert.Contains("Sample -1",
            Assert.Throws<ArgumentException>(() => SampleInspector.Inspect([dense, new Softmax()], new CategoricalCrossEntropy(), x, y, -1)).Message);
        Assert.Contains("4 samples (4, 2) but 3 targets",
            Assert.Throws<ArgumentException>(() => SampleInspector.Inspect([dense, new Softmax()], new CategoricalCrossEntropy(), x, new[] { 0, 1, 2 }, 0)).Message);
        Assert.Contains("no layers",
            Assert.Throws<ArgumentException>(() => SampleInspector.Inspect([], new CategoricalCrossEntropy(), x, y, 0)).Message);
        Assert.Contains("Dense(2, 3), is not an output activation",
            Assert.Throws<ArgumentException>(() => SampleInspector.Inspect([dense], new CategoricalCrossEntropy(), x, y, 0)).Message);
        Assert.Contains("expects 3 input columns",
            Assert.Throws<ArgumentException>(() => SampleInspector.Inspect([new Dense(3, 3), new Softmax()], new CategoricalCrossEntropy(), x, y, 0)).Message);
        Assert.Contains("does not know the layer",
            Assert.Throws<NotSupportedException>(() => SampleInspector.Inspect([new Other(), new Softmax()], new CategoricalCrossEntropy(), x, y, 0)).Message);
        Assert.Contains("no loss",
            Assert.Throws<InvalidOperationException>(() => SampleInspector.Inspect(new Model(), x, y, 0)).Message);
    }

    [Fact]
    public void ANetworkWhoseOutputIsNotFiniteIsRefusedByName()
    {
        var dense = new Dense(2, 2);
        dense.SetParameters(Matrix.FromArray(new float[,] { { float.NaN, 0 }, { 0, 0 } }), Matrix.RowVector(0, 0));
        var error = Assert.Throws<ArgumentException>(() =>
            SampleInspector.Inspect([dense, new Softmax()], new CategoricalCrossEntropy(), new Matrix(1, 2), new[] { 0 }, 0));
        Assert.Equal("CategoricalCrossEntropy: prediction [0, 0] is NaN.", error.Message);
    }

    private sealed class Other : ILayer
    {
        public Matrix Output => throw new NotImplementedException();
        public Matrix DInputs => throw new NotImplementedException();
        public void Forward(Matrix inputs, bool training) => throw new NotImplementedException();
        public void Backward(Matrix dvalues) => throw new NotImplementedException();
    }

    private static void Close(double[] expected, IReadOnlyList<float> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-6);
    }

    private static uint[] Bits(IEnumerable<float> values) => values.Select(BitConverter.SingleToUInt32Bits).ToArray();

    private static string Snapshot(Model model) =>
        string.Join(";", model.TrainableLayers.SelectMany(l => l.Parameters).Select(p => string.Join(",", Bits(p.Value.Span.ToArray())) +
            "|" + string.Join(",", Bits(p.Gradient.Span.ToArray()))));
}
