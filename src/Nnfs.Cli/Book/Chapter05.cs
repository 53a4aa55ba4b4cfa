using Nnfs.Activations;
using Nnfs.Formatting;
using Nnfs.Losses;
using Nnfs.Metrics;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 5, calculating network error with loss: chapter 4's network, then the categorical cross-entropy loss and
/// the accuracy. Prints the first five softmax rows, <c>loss:</c> (a float32) and <c>acc:</c> (a float64).
/// </summary>
public sealed class Chapter05 : Chapter
{
    /// <inheritdoc />
    public override int Number => 5;

    /// <inheritdoc />
    public override string Title => "Calculating network error with loss (and accuracy)";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        Init(options);
        var (_, y, probabilities) = Chapter04.ForwardTwoLayers();
        output.WriteLine(NumPyFormat.Array(BookMatrices.Head(probabilities, 5)));
        var loss = new CategoricalCrossEntropy().Calculate(probabilities, y);
        output.WriteLine($"loss: {PythonFormat.Repr(loss)}");
        var accuracy = new CategoricalAccuracy().Calculate(new Softmax().Predictions(probabilities), y);
        output.WriteLine($"acc: {PythonFormat.Repr(accuracy)}");
    }
}
