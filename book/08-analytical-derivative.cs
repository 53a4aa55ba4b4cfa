#:project ../src/Nnfs/Nnfs.csproj
// Chapter 8, gradients, partial derivatives and the chain rule: f(x) = 2x^2's analytical derivative 4x against
// chapter 7's numerical one, in plain float64.
using Nnfs.Formatting;

var p2_delta = 0.0001;

for (var x = 0; x < 5; x++)
{
    double x2 = x + p2_delta;
    var numerical = (f(x2) - f(x)) / (x2 - x);
    var analytical = 4.0 * x; // the power rule: d(2x^2)/dx = 4x
    Console.WriteLine($"x = {x}: f'(x) = 4x = {PythonFormat.Repr(analytical)}, numerical {PythonFormat.Repr(numerical)}, " +
                      $"difference {PythonFormat.Repr(numerical - analytical)}");
}

static double f(double x) => 2 * (x * x);
