#:project ../src/Nnfs/Nnfs.csproj
// Chapter 9, backpropagation: one neuron, ReLU(x . w + b), its gradients for an upstream gradient of 1, one step of
// -0.001 x gradient, and the new output. Plain float64, as the book's Python lists are.
using Nnfs.Formatting;

// Forward pass
double[] x = [1.0, -2.0, 3.0]; // input values
double[] w = [-3.0, -1.0, 2.0]; // weights
var b = 1.0; // bias

// Multiplying inputs by weights, adding the bias
var z = x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + b;

// Backward pass: the derivative from the next layer is 1, times ReLU's derivative
var dvalue = 1.0;
var drelu_dz = dvalue * (z > 0 ? 1.0 : 0.0);

// Partial derivatives of the multiplication, the chain rule
double[] dx = [drelu_dz * w[0], drelu_dz * w[1], drelu_dz * w[2]]; // gradients on inputs
double[] dw = [drelu_dz * x[0], drelu_dz * x[1], drelu_dz * x[2]]; // gradients on weights
var db = drelu_dz; // gradient on bias (just 1 partial derivative)
Console.WriteLine($"{List(dx)} {List(dw)} {PythonFormat.Repr(db)}");

Console.WriteLine($"{List(w)} {PythonFormat.Repr(b)}");

// Apply a fraction of the gradients to the weights and bias
for (var i = 0; i < 3; i++) w[i] += -0.001 * dw[i];
b += -0.001 * db;
Console.WriteLine($"{List(w)} {PythonFormat.Repr(b)}");

// Multiplying inputs by weights, adding the bias, ReLU: the output is now a little smaller
z = x[0] * w[0] + x[1] * w[1] + x[2] * w[2] + b;
var y = Math.Max(z, 0); // ReLU activation function
Console.WriteLine(PythonFormat.Repr(y));

// Python's print of a list of floats: [-3.0, -1.0, 2.0]
static string List(double[] values) => "[" + string.Join(", ", values.Select(PythonFormat.Repr)) + "]";
