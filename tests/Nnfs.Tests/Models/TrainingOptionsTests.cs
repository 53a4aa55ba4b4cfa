using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;

namespace Nnfs.Tests.Models;

/// <summary>TrainingOptions.InitialEpoch: continuing a run in a second Train call.</summary>
public class TrainingOptionsTests
{
    private static Model Classifier(RandomState random)
    {
        var model = new Model(random);
        model.Add(new Dense(2, 16, random: random));
        model.Add(new ReLU());
        model.Add(new Dropout(0.1f, random));
        model.Add(new Dense(16, 3, random: random));
        model.Add(new Softmax());
        model.Set(loss: new CategoricalCrossEntropy(), optimizer: new Adam(0.02, 1e-3), accuracy: new CategoricalAccuracy());
        model.Report = TrainingReport.None;
        return model;
    }

    [Fact]
    public void InitialEpoch_ContinuesARun_NumberingItsEpochs_BitIdentical()
    {
        var (x, y) = SyntheticData.Spiral(50, 3, new RandomState(1));
        var options = new TrainingOptions { Shuffle = true };

        var whole = Classifier(new RandomState(2));
        var wholeHistory = whole.Train(x, y, epochs: 5, batchSize: 32, options: options);

        var split = Classifier(new RandomState(2));
        split.Train(x, y, epochs: 2, batchSize: 32, options: options);
        var rest = split.Train(x, y, epochs: 5, batchSize: 32, options: new TrainingOptions { Shuffle = true, InitialEpoch = 2 });

        Assert.Equal([3, 4, 5], rest.Epochs.Select(e => e.Epoch));
        Assert.Equal(wholeHistory.Epochs.Skip(2), rest.Epochs);
        var a = whole.GetParameters();
        var b = split.GetParameters();
        for (int i = 0; i < a.Count; i++)
            for (int j = 0; j < a[i].Length; j++) Assert.Equal(a[i][j].Span.ToArray(), b[i][j].Span.ToArray());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    [InlineData(6)]
    public void InitialEpoch_OutsideTheRun_IsRefused(int initial)
    {
        var (x, y) = SyntheticData.Spiral(10, 3, new RandomState(1));
        var model = Classifier(new RandomState(2));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.Train(x, y, epochs: 5, options: new TrainingOptions { InitialEpoch = initial }));
        Assert.Contains("the initial epoch must be in 0 … 4", e.Message);
    }
}
