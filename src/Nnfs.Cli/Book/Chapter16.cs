using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 16, binary logistic regression: <c>spiral_data(100, 2)</c> with labels as a column, Dense(2, 64, L2 5e-4)
/// → ReLU → Dense(64, 1) → Sigmoid, binary cross-entropy, Adam(decay 5e-7); accuracy <c>(output &gt; 0.5) == y</c>;
/// validation on a new <c>spiral_data(100, 2)</c>.
/// </summary>
public sealed class Chapter16 : Chapter
{
    /// <inheritdoc />
    public override int Number => 16;

    /// <inheritdoc />
    public override string Title => "Binary logistic regression (sigmoid, binary cross-entropy)";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        Init(options);
        var (x, y) = SyntheticData.Spiral(samples: 100, classes: 2);
        var network = new BookNetwork
        {
            Layers = [new Dense(2, 64, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f), new ReLU(), new Dense(64, 1), new Sigmoid()],
            Loss = new BinaryCrossEntropy(),
            Accuracy = BookNetwork.Binary(),
            ReportRegularization = true,
        };
        network.Train(output, x, Column(y), new Adam(decay: 5e-7), options.Epochs ?? 10000);
        var (xTest, yTest) = SyntheticData.Spiral(samples: 100, classes: 2);
        network.Validate(output, xTest, Column(yTest));
    }

    /// <summary>The labels as an N×1 float matrix, the book's <c>y.reshape(-1, 1)</c>.</summary>
    internal static Matrix Column(int[] labels)
    {
        var column = new Matrix(labels.Length, 1);
        for (var i = 0; i < labels.Length; i++) column[i, 0] = labels[i];
        return column;
    }
}
