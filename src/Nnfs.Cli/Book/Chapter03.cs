using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 3, adding layers: <c>spiral_data(100, 3)</c> through one <c>Layer_Dense(2, 3)</c>; prints the first five
/// rows of the output.
/// </summary>
public sealed class Chapter03 : Chapter
{
    /// <inheritdoc />
    public override int Number => 3;

    /// <inheritdoc />
    public override string Title => "Adding layers: a dense layer on the spiral data";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        Init(options);
        var (x, _) = SyntheticData.Spiral(samples: 100, classes: 3);
        var dense1 = new Dense(2, 3);
        dense1.Forward(x, training: false);
        output.WriteLine(NumPyFormat.Array(BookMatrices.Head(dense1.Output, 5)));
    }
}
