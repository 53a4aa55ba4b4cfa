using Nnfs.Formatting;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 8, gradients, partial derivatives and the chain rule: the analytical derivative of 2x² (4x) next to the
/// numerical one of chapter 7, and their difference.
/// </summary>
public sealed class Chapter08 : Chapter
{
    /// <inheritdoc />
    public override int Number => 8;

    /// <inheritdoc />
    public override string Title => "Gradients, partial derivatives and the chain rule: analytical vs numerical";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        for (var x = 0; x < 5; x++)
        {
            var numerical = Chapter07.NumericalDerivative(x);
            var analytical = 4.0 * x;
            output.WriteLine($"x = {x}: f'(x) = 4x = {PythonFormat.Repr(analytical)}, numerical {PythonFormat.Repr(numerical)}, " +
                             $"difference {PythonFormat.Repr(numerical - analytical)}");
        }
    }
}
