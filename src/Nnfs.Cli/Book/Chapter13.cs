using Nnfs.Layers;
using Nnfs.Optimizers;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 13, training dataset: more (and more varied) training samples generalize better. The example trains chapter
/// 11's network on <c>spiral_data(1000, 3)</c> instead of 100 samples per class and validates on a new
/// <c>spiral_data(100, 3)</c>; compare with chapter 11.
/// </summary>
public sealed class Chapter13 : Chapter
{
    /// <inheritdoc />
    public override int Number => 13;

    /// <inheritdoc />
    public override string Title => "Training dataset: more samples, same network (compare with chapter 11)";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        output.WriteLine("# More training data: spiral_data(1000, 3) instead of spiral_data(100, 3); validation on a new spiral_data(100, 3).");
        Init(options);
        var (x, y) = Datasets.SyntheticData.Spiral(samples: 1000, classes: 3);
        var network = Chapter10.SpiralClassifier(new Dense(2, 64));
        network.Train(output, x, y, new Adam(learningRate: 0.05, decay: 5e-7), options.Epochs ?? 10000, printEvery: 1000);
        var (xTest, yTest) = Chapter10.TestData();
        network.Validate(output, xTest, yTest);
    }
}
