using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Playground.Network;
using Nnfs.Randomness;

namespace Nnfs.Playground.Tests.Network;

public class NetworkChoiceTests
{
    [Fact]
    public void LayersFollowTheChoiceWithDropoutAfterTheActivation()
    {
        var choice = new NetworkChoice([new LayerChoice(16, ActivationKind.Sigmoid, Dropout: 0.2f, WeightL1: 1e-3f, BiasL2: 2e-3f), new LayerChoice(8, ActivationKind.Linear)]);
        var model = new Model();
        choice.AddTo(model, inputs: 2, classes: 5, new RandomState(0));
        Assert.Equal(["Dense", "Sigmoid", "Dropout", "Dense", "Linear", "Dense", "Softmax"], model.Layers.Select(l => l.GetType().Name));
        var first = (Dense)model.Layers[0];
        Assert.Equal((2, 16, 1e-3f, 0f, 0f, 2e-3f), (first.InputCount, first.Neurons, first.WeightRegularizerL1, first.WeightRegularizerL2, first.BiasRegularizerL1, first.BiasRegularizerL2));
        Assert.Equal(0.2f, ((Dropout)model.Layers[2]).Rate);
        Assert.Equal((8, 5), (((Dense)model.Layers[5]).InputCount, ((Dense)model.Layers[5]).Neurons));
        Assert.IsType<CategoricalCrossEntropy>(model.Loss);
        Assert.False(Assert.IsType<CategoricalAccuracy>(model.Accuracy).Binary);
    }

    [Fact]
    public void TheOutputPicksTheLossAndTheAccuracy()
    {
        var binary = new Model();
        new NetworkChoice([new LayerChoice()], ActivationKind.Sigmoid).AddTo(binary, 2, 2, new RandomState(0));
        Assert.Equal(1, ((Dense)binary.Layers[2]).Neurons);
        Assert.IsType<Sigmoid>(binary.Layers[^1]);
        Assert.IsType<BinaryCrossEntropy>(binary.Loss);
        Assert.True(Assert.IsType<CategoricalAccuracy>(binary.Accuracy).Binary);

        var regression = new Model();
        new NetworkChoice([new LayerChoice()], ActivationKind.Linear).AddTo(regression, 1, 0, new RandomState(0));
        Assert.Equal(1, ((Dense)regression.Layers[2]).Neurons);
        Assert.IsType<MeanSquaredError>(regression.Loss);
        Assert.IsType<RegressionAccuracy>(regression.Accuracy);
    }

    [Fact]
    public void WeightsAreDrawnInOrderAtTheGivenScaleAsTheBooksLayersAre()
    {
        var random = new RandomState(0);
        SyntheticData.Spiral(100, 3, random);
        var model = new Model();
        new NetworkChoice([new LayerChoice()], InitScale: 0.1f).AddTo(model, 2, 3, random);

        var book = new RandomState(0);
        SyntheticData.Spiral(100, 3, book);
        var dense1 = new Dense(2, 64, random: book, initScale: 0.1f);
        var dense2 = new Dense(64, 3, random: book, initScale: 0.1f);
        Assert.Equal(dense1.Weights.Span.ToArray(), ((Dense)model.Layers[0]).Weights.Span.ToArray());
        Assert.Equal(dense2.Weights.Span.ToArray(), ((Dense)model.Layers[2]).Weights.Span.ToArray());
    }

    [Theory]
    [InlineData(ActivationKind.Softmax, 0, "A Softmax output is for classification; the sine needs a Linear output.")]
    [InlineData(ActivationKind.Sigmoid, 0, "A Sigmoid output is for classification; the sine needs a Linear output.")]
    [InlineData(ActivationKind.Sigmoid, 3, "A Sigmoid output (binary cross-entropy) needs exactly 2 classes, got 3.")]
    [InlineData(ActivationKind.Linear, 3, "A Linear output is for regression (the sine); classification needs Softmax or Sigmoid.")]
    [InlineData(ActivationKind.ReLU, 3, "The output activation must be Softmax, Sigmoid or Linear.")]
    public void OutputsThatDoNotFitTheDataAreRefused(ActivationKind output, int classes, string problem)
    {
        var choice = new NetworkChoice([new LayerChoice()], output);
        Assert.Equal([problem], choice.Problems(classes));
        var e = Assert.Throws<ArgumentException>(() => choice.AddTo(new Model(), 2, classes, new RandomState(0)));
        Assert.Equal($"Network: {problem}", e.Message);
    }

    [Fact]
    public void LayerCountScaleAndEachLayerAreChecked()
    {
        Assert.Equal(["The network needs 1 to 4 hidden layers, got 0."], new NetworkChoice([]).Problems(3));
        Assert.Equal(["The network needs 1 to 4 hidden layers, got 5."], new NetworkChoice(Enumerable.Repeat(new LayerChoice(), 5).ToArray()).Problems(3));
        Assert.Equal(["The initial weight scale must be in (0, 1], got 0."], new NetworkChoice([new LayerChoice()], InitScale: 0).Problems(3));
        Assert.Equal(["Layer 2: neurons must be between 1 and 512, got 0."], new NetworkChoice([new LayerChoice(), new LayerChoice(0)]).Problems(3));
    }
}
