#:project ../src/Nnfs/Nnfs.csproj
// Chapter 7, derivatives: the numerical derivative of f(x) = 2x^2 at x = 0..4, in plain float64.
using Nnfs.Formatting;

// The point and the "infinitely small" delta
var p2_delta = 0.0001;

for (var x1 = 0; x1 < 5; x1++)
{
    double x2 = x1 + p2_delta; // add delta

    double y1 = f(x1); // result at the derivation point
    var y2 = f(x2); // result at the other, close point

    var approximate_derivative = (y2 - y1) / (x2 - x1);
    Console.WriteLine($"Approximate derivative for f(x) where x = {x1} is {PythonFormat.Repr(approximate_derivative)}");
}

static double f(double x) => 2 * (x * x);
