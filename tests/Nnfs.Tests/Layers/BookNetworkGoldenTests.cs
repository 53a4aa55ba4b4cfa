using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Randomness;
using Nnfs.Tensors;
using static Nnfs.Tests.Layers.LayersGolden;

namespace Nnfs.Tests.Layers;

/// <summary>
/// The book's chapter 4/5 forward pass and chapter 9 backward pass on spiral(100, 3), against NumPy bit for bit on
/// the exact path (Golden/layers/make_golden.py).
/// </summary>
public class BookNetworkGoldenTests
{
    private static LayersGolden G => Instance;

    [Fact]
    public void SpiralDataAndInitialWeightsMatchNumPy()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        using var random = RandomState.UseGlobal(new RandomState(0));
        var (x, y) = SyntheticData.Spiral(100, 3);
        var dense1 = new Dense(2, 3);
        var dense2 = new Dense(3, 3);
        AssertBitExact(G.NumPy("ch5.X"), x, "X");
        Assert.Equal(G.Ints("ch5.y"), y);
        AssertBitExact(G.NumPy("ch5.dense1.weights"), dense1.Weights, "dense1 weights");
        AssertBitExact(G.NumPy("ch5.dense2.weights"), dense2.Weights, "dense2 weights");
        Assert.All(dense1.Biases.Span.ToArray(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void Chapter5ForwardLossAndAccuracyMatchNumPy()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var (x, y, dense1, dense2) = Network();
        var relu = new ReLU();
        var softmax = new Softmax();
        var loss = new CategoricalCrossEntropy();
        dense1.Forward(x, false);
        relu.Forward(dense1.Output, false);
        dense2.Forward(relu.Output, false);
        softmax.Forward(dense2.Output, false);

        AssertBitExact(G.NumPy("ch5.dense1.output"), dense1.Output, "dense1 output");
        AssertBitExact(G.NumPy("ch5.softmax.output"), softmax.Output, "softmax output");
        float dataLoss = loss.Calculate(softmax.Output, y);
        AssertBitExact(G.NumPy("ch5.sample_losses"), new Matrix(1, 300, loss.SampleLosses.ToArray()), "sample losses");
        Assert.Equal(G.NumPy("ch5.loss")[0, 0], dataLoss);
        var accuracy = new CategoricalAccuracy();
        Assert.Equal(G.Double("ch5.accuracy"), accuracy.Calculate(softmax.Predictions(softmax.Output), y));

        loss.Backward(softmax.Output, y);
        AssertBitExact(G.NumPy("ch5.cce.dinputs"), loss.DInputs, "CCE dinputs");
        softmax.Backward(loss.DInputs);
        AssertBitExact(G.NumPy("ch5.softmax.dinputs"), softmax.DInputs, "softmax Jacobian dinputs");
    }

    [Fact]
    public void Chapter9BackwardMatchesNumPy()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var (x, y, dense1, dense2) = Network();
        var relu = new ReLU();
        var lossActivation = new SoftmaxCategoricalCrossEntropy();
        dense1.Forward(x, false);
        relu.Forward(dense1.Output, false);
        dense2.Forward(relu.Output, false);
        float loss = lossActivation.Forward(dense2.Output, y);
        Assert.Equal(G.NumPy("ch9.loss")[0, 0], loss);
        Assert.Equal(G.Double("ch9.accuracy"),
            new CategoricalAccuracy().Calculate(lossActivation.Activation.Predictions(lossActivation.Output), y));

        lossActivation.Backward(lossActivation.Output, y);
        dense2.Backward(lossActivation.DInputs);
        relu.Backward(dense2.DInputs);
        dense1.Backward(relu.DInputs);
        AssertBitExact(G.NumPy("ch9.fused.dinputs"), lossActivation.DInputs, "fused dinputs");
        AssertBitExact(G.NumPy("ch9.dense2.dweights"), dense2.DWeights, "dense2 dweights");
        AssertBitExact(G.NumPy("ch9.dense2.dbiases"), dense2.DBiases, "dense2 dbiases");
        AssertBitExact(G.NumPy("ch9.dense1.dweights"), dense1.DWeights, "dense1 dweights");
        AssertBitExact(G.NumPy("ch9.dense1.dbiases"), dense1.DBiases, "dense1 dbiases");
        AssertBitExact(G.NumPy("ch9.dense1.dinputs"), dense1.DInputs, "dense1 dinputs");
    }

    // The golden inputs and initial weights, independent of the random generator.
    private static (Matrix X, int[] Y, Dense Dense1, Dense Dense2) Network()
    {
        var dense1 = new Dense(2, 3, random: new RandomState(1));
        var dense2 = new Dense(3, 3, random: new RandomState(1));
        dense1.SetParameters(G.NumPy("ch5.dense1.weights"), new Matrix(1, 3));
        dense2.SetParameters(G.NumPy("ch5.dense2.weights"), new Matrix(1, 3));
        return (G.NumPy("ch5.X"), G.Ints("ch5.y"), dense1, dense2);
    }
}
