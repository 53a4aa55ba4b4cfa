using Nnfs.Formatting;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 7, derivatives: the numerical derivative of f(x) = 2x² at x = 0..4 with a delta of 0.0001, in float64.
/// </summary>
/// <remarks>The approximation is (f(x + δ) − f(x)) / δ; its error is about 2δ (the exact derivative is 4x).</remarks>
public sealed class Chapter07 : Chapter
{
    /// <summary>The step used for the numerical derivative.</summary>
    public const double Delta = 0.0001;

    /// <inheritdoc />
    public override int Number => 7;

    /// <inheritdoc />
    public override string Title => "Derivatives: numerical derivative of 2x^2";

    /// <summary>The book's example function, f(x) = 2x².</summary>
    public static double F(double x) => 2 * (x * x);

    /// <summary>(f(x2) − f(x1)) / (x2 − x1) with x2 = x1 + <see cref="Delta"/>.</summary>
    public static double NumericalDerivative(double x1)
    {
        var x2 = x1 + Delta;
        return (F(x2) - F(x1)) / (x2 - x1);
    }

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        for (var x = 0; x < 5; x++)
            output.WriteLine($"Approximate derivative for f(x) where x = {x} is {PythonFormat.Repr(NumericalDerivative(x))}");
    }
}
