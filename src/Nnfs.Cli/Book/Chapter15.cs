using Nnfs.Layers;
using Nnfs.Optimizers;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 15, dropout: Dense(2, 64, L2 5e-4) → ReLU → Dropout(0.1) → Dense(64, 3) → Softmax + cross-entropy,
/// Adam(learning rate 0.05, decay 5e-5), on <c>spiral_data(1000, 3)</c>; validation (without dropout) on a new
/// <c>spiral_data(100, 3)</c>.
/// </summary>
/// <remarks><c>--variant 512</c> uses 512 neurons.</remarks>
public sealed class Chapter15 : Chapter
{
    /// <inheritdoc />
    public override int Number => 15;

    /// <inheritdoc />
    public override string Title => "Dropout (--variant 512: 512 neurons)";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        var neurons = options.Variant switch
        {
            null or "64" => 64,
            "512" => 512,
            _ => throw new ArgumentException($"Chapter 15 has no variant '{options.Variant}'; use 64 (default) or 512."),
        };
        Init(options);
        var (x, y) = Datasets.SyntheticData.Spiral(samples: 1000, classes: 3);
        var first = new Dense(2, neurons, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f);
        var network = Chapter10.SpiralClassifier(first, withDropout: true, reportRegularization: true);
        network.Train(output, x, y, new Adam(learningRate: 0.05, decay: 5e-5), options.Epochs ?? 10000);
        var (xTest, yTest) = Chapter10.TestData();
        network.Validate(output, xTest, yTest);
    }
}
