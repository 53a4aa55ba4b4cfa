using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Playground.Inspection;
using Nnfs.Tensors;
using Kind = Nnfs.Playground.Tests.Inspection.InspectedNetworks.Kind;

namespace Nnfs.Playground.Tests.Inspection;

public sealed class GradientCheckTests
{
    [Theory]
    [InlineData(Kind.SpiralSoftmax, 0)]
    [InlineData(Kind.SpiralSoftmax, 150)]
    [InlineData(Kind.SpiralSoftmax, 299)]
    [InlineData(Kind.BinarySigmoid, 17)]
    [InlineData(Kind.SineRegression, 120)]
    public void TheLibrarysGradientsAgreeWithFiniteDifferences(Kind kind, int sample)
    {
        var (model, x, y) = InspectedNetworks.Build(kind);
        var inspection = SampleInspector.Inspect(model, x, y, sample);
        var result = GradientCheck.Run(inspection);

        int denseLayers = inspection.Layers.Count(l => l.Dense is not null);
        Assert.Equal(2 * denseLayers, result.Parameters.Count);
        Assert.True(result.Passed, $"max relative error {result.MaxRelativeError:E2} at {Describe(result)}");
        Assert.True(result.MaxRelativeError < 1e-3, $"max relative error {result.MaxRelativeError:E2}");
        Assert.Contains(result.Parameters, p => p.Numeric.Any(n => Math.Abs(n) > 1e-4));
    }

    [Theory]
    [InlineData(1.1f)]
    [InlineData(-1f)]
    [InlineData(0.5f)]
    public void AGradientChangedByHandIsCaughtAndPointedAt(float factor)
    {
        var (model, x, y) = InspectedNetworks.Build(Kind.SpiralSoftmax);
        var inspection = SampleInspector.Inspect(model, x, y, 150);
        var output = inspection.Layers[2];
        int largest = Enumerable.Range(0, output.Dense!.WeightGradients.Count).MaxBy(i => Math.Abs(output.Dense.WeightGradients[i]));
        var changed = output.Dense.WeightGradients.ToArray();
        changed[largest] *= factor;
        var layers = inspection.Layers.ToArray();
        layers[2] = output with { Dense = output.Dense with { WeightGradients = changed } };

        var result = GradientCheck.Run(inspection with { Layers = layers });

        Assert.False(result.Passed);
        Assert.True(result.MaxRelativeError > 0.05, $"max relative error {result.MaxRelativeError:E2}");
        var (check, index) = result.Worst!.Value;
        Assert.Equal((2, "weights", largest), (check.Layer, check.Parameter, index));
        Assert.True(GradientCheck.Run(inspection).Passed);
    }

    [Fact]
    public void TheNumericGradientsOfAKnownFunctionAreItsDerivatives()
    {
        // One linear neuron under mean squared error with L1 and L2 on the weights: L = (t − (w·x + b))² + λ₁|w| + λ₂w²,
        // ∂L/∂w = −2(t − ŷ)x + λ₁ sign(w) + 2λ₂w, ∂L/∂b = −2(t − ŷ).
        var dense = new Dense(1, 1, weightRegularizerL1: 0.25f, weightRegularizerL2: 0.5f);
        dense.SetParameters(Matrix.FromArray(new float[,] { { 1.5f } }), Matrix.RowVector(-0.5f));
        var x = Matrix.FromArray(new float[,] { { 2f } });
        var t = Matrix.FromArray(new float[,] { { 4f } });
        var inspection = SampleInspector.Inspect([dense, new Linear()], new MeanSquaredError(), x, t, 0);
        var result = GradientCheck.Run(inspection);

        double prediction = 1.5 * 2 - 0.5;
        Assert.Equal(-2 * (4 - prediction) * 2 + 0.25 + 2 * 0.5 * 1.5, result.Parameters[0].Numeric[0], 1e-8);
        Assert.Equal(-2 * (4 - prediction), result.Parameters[1].Numeric[0], 1e-8);
        Assert.Equal((4 - prediction) * (4 - prediction) + 0.25 * 1.5 + 0.5 * 1.5 * 1.5, inspection.TotalLoss, 1e-6);
        Assert.True(result.Passed);
    }

    [Theory]
    [InlineData(1.0, 1.0, 0.0)]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(1.0, -1.0, 2.0)]
    [InlineData(2.0, 1.0, 0.5)]
    [InlineData(1e-9, 0.0, 1e-3)]
    [InlineData(double.NaN, 1.0, double.PositiveInfinity)]
    [InlineData(1.0, double.PositiveInfinity, double.PositiveInfinity)]
    public void RelativeErrorIsTheDifferenceOverTheLargerMagnitudeAboveTheFloor(double analytic, double numeric, double expected) =>
        Assert.Equal(expected, GradientCheck.RelativeError(analytic, numeric), 12);

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-6)]
    [InlineData(0.2)]
    [InlineData(double.NaN)]
    public void AStepOutsideItsRangeIsRefused(double epsilon)
    {
        var inspection = SampleInspector.Inspect([new Dense(1, 1), new Linear()], new MeanSquaredError(), new Matrix(1, 1), new Matrix(1, 1), 0);
        Assert.Contains("step must be in (0, 0.1]", Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.Run(inspection, epsilon)).Message);
    }

    private static string Describe(GradientCheckResult result) =>
        result.Worst is var (check, index) ? $"layer {check.Layer} {check.Parameter}[{index}]: analytic {check.Analytic[index]:R}, numeric {check.Numeric[index]:R}" : "nothing";
}
