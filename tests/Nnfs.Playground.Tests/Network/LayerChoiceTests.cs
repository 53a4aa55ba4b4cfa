using Nnfs.Playground.Network;

namespace Nnfs.Playground.Tests.Network;

public class LayerChoiceTests
{
    [Fact]
    public void TheBooksLayerIsValid() => Assert.Empty(new LayerChoice().Problems(1));

    [Theory]
    [InlineData(0, ActivationKind.ReLU, 0f, 0f, "Layer 2: neurons must be between 1 and 512, got 0.")]
    [InlineData(513, ActivationKind.ReLU, 0f, 0f, "Layer 2: neurons must be between 1 and 512, got 513.")]
    [InlineData(8, ActivationKind.Softmax, 0f, 0f, "Layer 2: a hidden layer's activation must be ReLU, Sigmoid or Linear, got Softmax.")]
    [InlineData(8, ActivationKind.ReLU, 0.95f, 0f, "Layer 2: dropout must be between 0 and 0.9, got 0.95.")]
    [InlineData(8, ActivationKind.ReLU, float.NaN, 0f, "Layer 2: dropout must be between 0 and 0.9, got NaN.")]
    [InlineData(8, ActivationKind.ReLU, 0f, -1e-4f, "Layer 2: weight L2 must be between 0 and 1, got -0.0001.")]
    public void BadLayersAreNamed(int neurons, ActivationKind activation, float dropout, float weightL2, string problem) =>
        Assert.Equal([problem], new LayerChoice(neurons, activation, dropout, WeightL2: weightL2).Problems(2));
}
