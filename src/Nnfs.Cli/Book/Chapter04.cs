using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 4, activation functions: Dense(2, 3) → ReLU → Dense(3, 3) → Softmax on <c>spiral_data(100, 3)</c>;
/// prints the first five rows of the softmax output.
/// </summary>
public sealed class Chapter04 : Chapter
{
    /// <inheritdoc />
    public override int Number => 4;

    /// <inheritdoc />
    public override string Title => "Activation functions: ReLU and softmax";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        Init(options);
        var (_, _, probabilities) = ForwardTwoLayers();
        output.WriteLine(NumPyFormat.Array(BookMatrices.Head(probabilities, 5)));
    }

    /// <summary>
    /// The network of chapters 4 and 5 on a fresh <c>spiral_data(100, 3)</c>, drawn from
    /// <see cref="Randomness.RandomState.Global"/>: returns the data, the labels and the softmax output.
    /// </summary>
    internal static (Matrix X, int[] Y, Matrix Probabilities) ForwardTwoLayers()
    {
        var (x, y) = SyntheticData.Spiral(samples: 100, classes: 3);
        var dense1 = new Dense(2, 3);
        var activation1 = new ReLU();
        var dense2 = new Dense(3, 3);
        var activation2 = new Softmax();
        dense1.Forward(x, training: false);
        activation1.Forward(dense1.Output, training: false);
        dense2.Forward(activation1.Output, training: false);
        activation2.Forward(dense2.Output, training: false);
        return (x, y, activation2.Output);
    }
}
