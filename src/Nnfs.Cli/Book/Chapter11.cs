using Nnfs.Layers;
using Nnfs.Optimizers;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 11, testing with out-of-sample data: chapter 10's last setting (Adam, learning rate 0.05, decay 5e-7),
/// then one forward pass on a new <c>spiral_data(100, 3)</c> printing <c>validation, acc: …, loss: …</c>.
/// </summary>
public sealed class Chapter11 : Chapter
{
    /// <inheritdoc />
    public override int Number => 11;

    /// <inheritdoc />
    public override string Title => "Testing with out-of-sample data";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        Init(options);
        var (x, y) = Datasets.SyntheticData.Spiral(samples: 100, classes: 3);
        var network = Chapter10.SpiralClassifier(new Dense(2, 64));
        network.Train(output, x, y, new Adam(learningRate: 0.05, decay: 5e-7), options.Epochs ?? 10000);
        var (xTest, yTest) = Chapter10.TestData();
        network.Validate(output, xTest, yTest);
    }
}
