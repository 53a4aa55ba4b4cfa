using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Tensors;
using Nnfs.Tests.Layers;
using static Nnfs.Tests.Layers.LayersGolden;

namespace Nnfs.Tests.Losses;

/// <summary>Single operations on fixed float32 inputs against NumPy bit for bit on the exact path
/// (Golden/layers/make_golden.py, regenerate with the command at its top).</summary>
public class LossGoldenTests
{
    private static LayersGolden G => LayersGolden.Instance;

    [Fact]
    public void DenseWithAllFourRegularizersMatchesNumPy()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var dense = new Dense(4, 5, 5e-4f, 5e-4f, 1e-3f, 2e-3f, new Nnfs.Randomness.RandomState(3));
        dense.SetParameters(G.NumPy("reg.weights"), G.NumPy("reg.biases"));
        dense.Forward(G.NumPy("reg.inputs"), true);
        AssertBitExact(G.NumPy("reg.output"), dense.Output, "output");
        dense.Backward(G.NumPy("reg.dvalues"));
        AssertBitExact(G.NumPy("reg.dweights"), dense.DWeights, "dweights");
        AssertBitExact(G.NumPy("reg.dbiases"), dense.DBiases, "dbiases");
        AssertBitExact(G.NumPy("reg.dinputs"), dense.DInputs, "dinputs");
        Assert.Equal(G.Double("reg.loss"), dense.RegularizationLoss());
    }

    [Fact]
    public void SoftmaxOverTenClassesAndOneHotCrossEntropyMatchNumPy()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var softmax = new Softmax();
        softmax.Forward(G.NumPy("ops.logits"), false);
        AssertBitExact(G.NumPy("ops.softmax10"), softmax.Output, "softmax (pairwise row sums)");
        var loss = new CategoricalCrossEntropy();
        float mean = loss.Calculate(softmax.Output, G.NumPy("ops.onehot"));
        AssertBitExact(G.NumPy("ops.cce.onehot.losses"), Row(loss.SampleLosses), "one-hot sample losses");
        Assert.Equal(G.NumPy("ops.cce.onehot.mean")[0, 0], mean);
        loss.Backward(softmax.Output, G.NumPy("ops.onehot"));
        AssertBitExact(G.NumPy("ops.cce.onehot.dinputs"), loss.DInputs, "one-hot dinputs");
    }

    [Fact]
    public void SigmoidAndBinaryCrossEntropyMatchNumPy()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var sigmoid = new Sigmoid();
        sigmoid.Forward(G.NumPy("ops.z"), false);
        AssertBitExact(G.NumPy("ops.sigmoid"), sigmoid.Output, "sigmoid");
        sigmoid.Backward(G.NumPy("ops.sigmoid.dvalues"));
        AssertBitExact(G.NumPy("ops.sigmoid.dinputs"), sigmoid.DInputs, "sigmoid dinputs");
        var loss = new BinaryCrossEntropy();
        var targets = G.NumPy("ops.binary.targets");
        loss.Forward(sigmoid.Output, targets);
        AssertBitExact(G.NumPy("ops.bce.losses"), Row(loss.SampleLosses), "BCE sample losses");
        loss.Backward(sigmoid.Output, targets);
        AssertBitExact(G.NumPy("ops.bce.dinputs"), loss.DInputs, "BCE dinputs");
    }

    [Fact]
    public void MeanSquaredAndAbsoluteErrorsMatchNumPy()
    {
        using var path = Engine.UsePath(NumericPath.Exact);
        var pred = G.NumPy("ops.reg.pred");
        var truth = G.NumPy("ops.reg.truth");
        var mse = new MeanSquaredError();
        Assert.Equal(G.NumPy("ops.mse.mean")[0, 0], mse.Calculate(pred, truth));
        AssertBitExact(G.NumPy("ops.mse.losses"), Row(mse.SampleLosses), "MSE sample losses");
        mse.Backward(pred, truth);
        AssertBitExact(G.NumPy("ops.mse.dinputs"), mse.DInputs, "MSE dinputs");
        var mae = new MeanAbsoluteError();
        mae.Forward(pred, truth);
        AssertBitExact(G.NumPy("ops.mae.losses"), Row(mae.SampleLosses), "MAE sample losses");
        mae.Backward(pred, truth);
        AssertBitExact(G.NumPy("ops.mae.dinputs"), mae.DInputs, "MAE dinputs");
    }

    [Fact]
    public void RegressionAccuracyPrecisionAndComparisonsMatchNumPy()
    {
        var accuracy = new RegressionAccuracy();
        var y = G.NumPy("acc.reg.y");
        accuracy.Init(y);
        Assert.Equal(G.Double("acc.reg.precision"), accuracy.Precision);
        Assert.Equal(G.Double("acc.reg.accuracy"), accuracy.Calculate(G.NumPy("acc.reg.pred"), y));
    }

    private static Matrix Row(ReadOnlySpan<float> values) => new(1, values.Length, values.ToArray());
}
