using Nnfs.Optimizers;
using Nnfs.Playground.Training;

namespace Nnfs.Playground.Tests.Training;

public class OptimizerChoiceTests
{
    [Fact]
    public void EachKindCreatesTheLibrarysOptimizerWithItsSettings()
    {
        var sgd = Assert.IsType<Sgd>(new OptimizerChoice(OptimizerKind.Sgd, 0.5, 1e-3, Momentum: 0.9).Create());
        Assert.Equal((0.5, 1e-3, 0.9), (sgd.LearningRate, sgd.Decay, sgd.Momentum));
        var adagrad = Assert.IsType<AdaGrad>(new OptimizerChoice(OptimizerKind.AdaGrad, 1, 1e-4, Epsilon: 1e-6).Create());
        Assert.Equal((1.0, 1e-4, 1e-6), (adagrad.LearningRate, adagrad.Decay, adagrad.Epsilon));
        var rmsprop = Assert.IsType<RmsProp>(new OptimizerChoice(OptimizerKind.RmsProp, 0.02, 1e-5, Rho: 0.999).Create());
        Assert.Equal((0.02, 1e-5, 0.999), (rmsprop.LearningRate, rmsprop.Decay, rmsprop.Rho));
        var adam = Assert.IsType<Adam>(new OptimizerChoice(OptimizerKind.Adam, 0.05, 5e-7, Beta1: 0.8, Beta2: 0.99).Create());
        Assert.Equal((0.05, 5e-7, 0.8, 0.99), (adam.LearningRate, adam.Decay, adam.Beta1, adam.Beta2));
    }

    [Fact]
    public void DefaultsAreTheLibrarys()
    {
        Assert.Equal((1.0, 0.0), (OptimizerChoice.Defaults(OptimizerKind.Sgd).LearningRate, OptimizerChoice.Defaults(OptimizerKind.Sgd).Decay));
        Assert.Equal(new Adam().LearningRate, OptimizerChoice.Defaults(OptimizerKind.Adam).LearningRate);
        Assert.Equal(new RmsProp().LearningRate, OptimizerChoice.Defaults(OptimizerKind.RmsProp).LearningRate);
        Assert.Equal(new AdaGrad().LearningRate, OptimizerChoice.Defaults(OptimizerKind.AdaGrad).LearningRate);
    }

    [Theory]
    [InlineData(OptimizerKind.Adam, 0.0, 0.0, 0.0, 0.9, "Learning rate must be in (0, 10], got 0.")]
    [InlineData(OptimizerKind.Adam, double.NaN, 0.0, 0.0, 0.9, "Learning rate must be in (0, 10], got NaN.")]
    [InlineData(OptimizerKind.Sgd, 1.0, -1.0, 0.0, 0.9, "Decay must be in [0, 1], got -1.")]
    [InlineData(OptimizerKind.Sgd, 1.0, 0.0, 1.0, 0.9, "Momentum must be in [0, 1), got 1.")]
    [InlineData(OptimizerKind.RmsProp, 1.0, 0.0, 0.0, 1.0, "Rho must be in [0, 1), got 1.")]
    public void BadSettingsAreNamedAndRefused(OptimizerKind kind, double rate, double decay, double momentum, double rho, string problem)
    {
        var choice = new OptimizerChoice(kind, rate, decay, momentum, Rho: rho);
        Assert.Equal([problem], choice.Problems());
        Assert.Equal($"Optimizer: {problem}", Assert.Throws<ArgumentException>(choice.Create).Message);
    }

    [Fact]
    public void SettingsOfAnotherOptimizerAreIgnored()
    {
        Assert.Empty(new OptimizerChoice(OptimizerKind.Adam, Momentum: 5, Rho: -1).Problems());
        Assert.Equal(["Beta 2 must be in [0, 1), got 1."], new OptimizerChoice(OptimizerKind.Adam, Beta2: 1).Problems());
        Assert.Equal(["Epsilon must be in (0, 1], got 0."], new OptimizerChoice(OptimizerKind.AdaGrad, Epsilon: 0).Problems());
    }
}
