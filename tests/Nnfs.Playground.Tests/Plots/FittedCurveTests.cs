using Nnfs.Playground.Data;
using Nnfs.Playground.Network;
using Nnfs.Playground.Plots;
using Nnfs.Playground.Training;
using Nnfs.Tensors;

namespace Nnfs.Playground.Tests.Plots;

public class FittedCurveTests
{
    private static readonly PlaygroundSettings Sine = new(new DataSetChoice(DataSetKind.Sine, Samples: 200),
        new NetworkChoice([new LayerChoice(), new LayerChoice()], ActivationKind.Linear), new OptimizerChoice(LearningRate: 0.005, Decay: 1e-3));

    [Fact]
    public void TheCurveIsTheNetworksOutputAtEvenlySpacedInputsAcrossTheArea()
    {
        var session = new TrainingSession(Sine);
        session.Advance(50);
        var curve = new FittedCurve(session, points: 11);
        curve.Compute();
        Assert.Equal(session.Data.MinX, curve.Xs[0]);
        Assert.Equal(session.Data.MaxX, curve.Xs[10], 5);
        Assert.Equal((session.Data.MinX + session.Data.MaxX) / 2, curve.Xs[5], 5);
        var inputs = new Matrix(11, 1);
        curve.Xs.CopyTo(inputs.Span);
        Assert.Equal(session.Model.Predict(inputs).Span.ToArray(), curve.Ys);
    }

    [Fact]
    public void ClassificationAndBadSizesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new FittedCurve(new TrainingSession(PlaygroundSettings.Default)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FittedCurve(new TrainingSession(Sine), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FittedCurve(new TrainingSession(Sine), 2001));
    }
}
