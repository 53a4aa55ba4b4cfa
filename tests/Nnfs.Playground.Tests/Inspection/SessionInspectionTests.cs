using Nnfs.Playground.Data;
using Nnfs.Playground.Inspection;
using Nnfs.Playground.Network;
using Nnfs.Playground.Training;

namespace Nnfs.Playground.Tests.Inspection;

public sealed class SessionInspectionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ASessionIsInspectedInItsNetworkOnItsDataAndOnItsPath(bool bookArithmetic)
    {
        var session = new TrainingSession(PlaygroundSettings.Default with { BookArithmetic = bookArithmetic });
        session.Advance(3);
        var inspection = SessionInspection.Inspect(session, 42);

        SampleInspection On(NumericPath path)
        {
            using var use = Engine.UsePath(path);
            return SampleInspector.Inspect(session.Model, session.Data.X, session.Data.Labels!, 42);
        }
        var same = On(session.Path);
        var other = On(bookArithmetic ? NumericPath.Fast : NumericPath.Exact);
        Assert.Equal(Values(same), Values(inspection));
        Assert.NotEqual(Values(other), Values(inspection));
        Assert.Equal(session.Data.Labels![42], inspection.TargetClass);
    }

    [Fact]
    public void ABinaryOutputIsInspectedAgainstItsTargetColumn()
    {
        var settings = new PlaygroundSettings(new DataSetChoice(Classes: 2), new NetworkChoice([new LayerChoice(8)], ActivationKind.Sigmoid), new());
        var session = new TrainingSession(settings);
        var inspection = SessionInspection.Inspect(session, 150);
        Assert.Equal(InspectedLossKind.BinaryCrossEntropy, inspection.Loss);
        Assert.Equal([(float)session.Data.Labels![150]], inspection.TargetValues);
    }

    [Fact]
    public void ASampleOutsideTheDataIsNamed()
    {
        var session = new TrainingSession(PlaygroundSettings.Default);
        Assert.Contains("Sample 300 is not a row of the data set's 300 samples",
            Assert.Throws<ArgumentException>(() => SessionInspection.Inspect(session, 300)).Message);
    }

    private static uint[] Values(SampleInspection inspection) =>
        inspection.Layers.SelectMany(l => l.Output.Concat(l.Dense?.WeightGradients ?? []).Concat(l.Dense?.BiasGradients ?? []))
            .Select(BitConverter.SingleToUInt32Bits).ToArray();
}
