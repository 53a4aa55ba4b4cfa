using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Kernels;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Models;

public class FusionPlanTests
{
    // Bit patterns, so that −0 and +0 (equal as floats) count as different.
    private static int[] Bits(ReadOnlySpan<float> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(values).ToArray();

    private static Model Spiral(bool fuse, int hidden, float l1, float l2)
    {
        var random = new RandomState(7);
        var model = new Model(random) { FuseDenseReLU = fuse, Report = TrainingReport.None };
        model.Add(new Dense(2, hidden, weightRegularizerL1: l1, weightRegularizerL2: l2, biasRegularizerL1: l1,
            biasRegularizerL2: l2, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(hidden, 3, random: random));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(0.02, 5e-7), new CategoricalAccuracy());
        return model;
    }

    [Theory]
    [InlineData(NumericPath.Fast, true, "f0+2 f2+1 f3+1 b4+0 b0+3")]
    [InlineData(NumericPath.Fast, false, "f0+1 f1+1 f2+1 f3+1 b4+0 b2+1 b1+1 b0+1")]
    [InlineData(NumericPath.Exact, true, "f0+1 f1+1 f2+1 f3+1 b4+0 b2+1 b1+1 b0+1")]
    public void StageObserverSeesEveryStageTheStepRuns(NumericPath path, bool fuse, string expected)
    {
        using var _ = Engine.UsePath(path);
        var (x, y) = SyntheticData.Spiral(20, 3, new RandomState(3));
        var model = Spiral(fuse, 64, 0f, 0f);
        model.Build();
        var stages = new List<string>();
        model.StageObserver = (first, count, backward) => stages.Add($"{(backward ? 'b' : 'f')}{first}+{count}");
        var output = model.Forward(x, training: true);
        model.Backward(output, y);
        Assert.Equal(expected, string.Join(" ", stages));
    }

    [Theory]
    [InlineData(64, 0f, 0f)]
    [InlineData(64, 5e-4f, 5e-4f)]
    [InlineData(24, 0f, 5e-4f)]
    [InlineData(20, 0f, 0f)]
    public void FusedDenseReLUBackwardIsBitIdenticalToTheLayers(int hidden, float l1, float l2)
    {
        using var _ = Engine.UsePath(NumericPath.Fast);
        var (x, y) = SyntheticData.Spiral(100, 3, new RandomState(3));
        var fused = Spiral(true, hidden, l1, l2);
        var plain = Spiral(false, hidden, l1, l2);
        fused.Train(x, y, epochs: 30);
        plain.Train(x, y, epochs: 30);

        for (int i = 0; i < 3; i += 2)
        {
            var f = (Dense)fused.Layers[i];
            var p = (Dense)plain.Layers[i];
            Assert.Equal(Bits(p.Weights.Span), Bits(f.Weights.Span));
            Assert.Equal(Bits(p.Biases.Span), Bits(f.Biases.Span));
            Assert.Equal(Bits(p.DWeights.Span), Bits(f.DWeights.Span));
            Assert.Equal(Bits(p.DBiases.Span), Bits(f.DBiases.Span));
        }
        Assert.Equal(Bits(plain.Layers[2].DInputs.Span), Bits(fused.Layers[2].DInputs.Span));
        Assert.Equal(Bits(plain.Layers[1].DInputs.Span), Bits(fused.Layers[1].DInputs.Span));
        Assert.Throws<InvalidOperationException>(() => fused.Layers[0].DInputs);
        for (int i = 0; i < 4; i++)
            Assert.Equal(Bits(plain.Layers[i].Output.Span), Bits(fused.Layers[i].Output.Span));
        Assert.Same(fused.Layers[0].Output, ((ReLU)fused.Layers[1]).Inputs);
        Assert.Same(x, ((Dense)fused.Layers[0]).Inputs);
    }

    [Fact]
    public void ForwardPairThatDoesNotApplyTouchesNoBuffer()
    {
        using var _ = Engine.UsePath(NumericPath.Fast);
        var dense = new Dense(5, 16);
        var relu = new ReLU();
        var plan = FusionPlan.For([dense, relu, new Dense(16, 3), new Softmax()], computeInputGradient: false);
        Assert.True(plan.StartsForwardPair(0));
        // Five inputs: more than the kernel's short side, so the pass declines.
        Assert.False(plan.TryForward(0, new Matrix(4, 5)));
        Assert.Throws<InvalidOperationException>(() => dense.Output);
        Assert.Throws<InvalidOperationException>(() => relu.Inputs);
        Assert.Throws<InvalidOperationException>(() => relu.Output);
        Assert.False(plan.TryForward(2, new Matrix(4, 16)));
        using (Engine.UsePath(NumericPath.Exact)) Assert.False(plan.TryForward(0, new Matrix(4, 2)));
    }

    [Fact]
    public void BackwardTripleThatDoesNotApplyTouchesNoBuffer()
    {
        using var _ = Engine.UsePath(NumericPath.Fast);
        var random = new RandomState(1);
        var lower = new Dense(2, 12, random: random) { ComputeInputGradient = false };
        var relu = new ReLU();
        var upper = new Dense(12, 3, random: random);
        var plan = FusionPlan.For([lower, relu, upper, new Softmax()], computeInputGradient: false);
        Assert.Equal(0, plan.BackwardBottom);
        Assert.Equal(2, plan.BackwardTop);
        var x = new Matrix(6, 2);
        random.Randn(x.Span);
        lower.Forward(x, training: true);
        relu.Forward(lower.Output, training: true);
        upper.Forward(relu.Output, training: true);
        // Twelve hidden units: not a multiple of 8, so the pass declines.
        Assert.False(plan.TryBackward(new Matrix(6, 3)));
        Assert.Throws<InvalidOperationException>(() => upper.DInputs);
        Assert.Throws<InvalidOperationException>(() => relu.DInputs);
        Assert.All(lower.DWeights.Span.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void PlanFusesOnlyTheLayersItCovers()
    {
        ILayer[] layers = [new Dense(2, 8), new ReLU(), new Dense(8, 8), new ReLU(), new Dense(8, 3), new Softmax()];
        var plan = FusionPlan.For(layers, computeInputGradient: false);
        Assert.Equal([true, false, true, false, false, false], Enumerable.Range(0, layers.Length).Select(plan.StartsForwardPair));
        Assert.Equal(0, plan.BackwardBottom);
        Assert.Equal(-1, FusionPlan.For(layers, computeInputGradient: true).BackwardBottom);
        Assert.Equal(-1, FusionPlan.For([new Dense(2, 8), new ReLU(), new Softmax()], computeInputGradient: false).BackwardBottom);
        Assert.Equal(1, FusionPlan.For([new Dropout(0.1f), new Dense(2, 8), new ReLU(), new Dense(8, 3)], false).BackwardBottom);
        Assert.False(FusionPlan.None.StartsForwardPair(0));
        Assert.Equal(-1, FusionPlan.None.BackwardTop);
    }
}
