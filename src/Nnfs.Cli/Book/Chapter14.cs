using Nnfs.Layers;
using Nnfs.Optimizers;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 14, L1 and L2 regularization: Dense(2, 64, weight and bias L2 5e-4) → ReLU → Dense(64, 3) → Softmax +
/// cross-entropy, Adam(learning rate 0.02, decay 5e-7), on <c>spiral_data(100, 3)</c>; epoch lines show the data and
/// regularization losses; then validation on a new <c>spiral_data(100, 3)</c>.
/// </summary>
/// <remarks><c>--variant 512</c> runs the book's follow-up: <c>spiral_data(1000, 3)</c> and 512 neurons.</remarks>
public sealed class Chapter14 : Chapter
{
    /// <inheritdoc />
    public override int Number => 14;

    /// <inheritdoc />
    public override string Title => "L1 and L2 regularization (--variant 512: 1000 samples per class, 512 neurons)";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        var wide = options.Variant switch
        {
            null or "64" => false,
            "512" => true,
            _ => throw new ArgumentException($"Chapter 14 has no variant '{options.Variant}'; use 64 (default) or 512."),
        };
        Init(options);
        var (x, y) = Datasets.SyntheticData.Spiral(samples: wide ? 1000 : 100, classes: 3);
        var first = new Dense(2, wide ? 512 : 64, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f);
        var network = Chapter10.SpiralClassifier(first, reportRegularization: true);
        network.Train(output, x, y, new Adam(learningRate: 0.02, decay: 5e-7), options.Epochs ?? 10000);
        var (xTest, yTest) = Chapter10.TestData();
        network.Validate(output, xTest, yTest);
    }
}
