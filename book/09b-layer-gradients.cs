#:project ../src/Nnfs/Nnfs.csproj
// Chapter 9, backpropagation through a layer, in plain float64 with chapter 2's inputs, weights and biases: the
// gradients on the inputs, weights and biases, the ReLU derivative, then one forward and backward pass and an update.
using Nnfs.Formatting;

// Passed-in gradient from the next layer; for the purpose of this example an array of incremental gradient values
double[,] dvalues = { { 1.0, 1.0, 1.0 }, { 2.0, 2.0, 2.0 }, { 3.0, 3.0, 3.0 } };

// We have 3 sets of inputs - samples
double[,] inputs = { { 1, 2, 3, 2.5 }, { 2.0, 5.0, -1.0, 2 }, { -1.5, 2.7, 3.3, -0.8 } };

// We have 3 sets of weights - one set for each neuron; we have 4 inputs, thus 4 weights; we keep weights transposed
var weights = Transpose(new double[,] { { 0.2, 0.8, -0.5, 1 }, { 0.5, -0.91, 0.26, -0.5 }, { -0.26, -0.27, 0.17, 0.87 } });

// Sum weights related to the given input multiplied by the gradient related to the given neuron
var dinputs = Dot(dvalues, Transpose(weights));
Console.WriteLine(NumPyFormat.Array(dinputs));

// Sum weights of given input and multiply by the passed-in gradient for this neuron
var dweights = Dot(Transpose(inputs), dvalues);
Console.WriteLine(NumPyFormat.Array(dweights));

// One bias for each neuron; dbiases - sum values, do this over samples (first axis), keepdims
var dbiases = SumColumns(dvalues);
Console.WriteLine(NumPyFormat.Array(dbiases));

// Example layer output and an array of incremental gradient values
long[,] z = { { 1, 2, -3, -4 }, { 2, -7, -1, 3 }, { -1, 2, 5, -1 } };
long[,] dvalues_relu = { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, 12 } };
// ReLU activation's derivative with the chain rule applied
var drelu = (long[,])dvalues_relu.Clone();
for (var r = 0; r < 3; r++)
    for (var c = 0; c < 4; c++)
        if (z[r, c] <= 0) drelu[r, c] = 0;
Console.WriteLine(NumPyFormat.Array(drelu));

// One bias for each neuron; biases are the row vector with a shape (1, neurons)
double[,] biases = { { 2, 3, 0.5 } };

// Forward pass
var layer_outputs = Dot(inputs, weights); // Dense layer
for (var r = 0; r < 3; r++)
    for (var c = 0; c < 3; c++) layer_outputs[r, c] += biases[0, c];
var relu_outputs = new double[3, 3]; // ReLU activation
for (var r = 0; r < 3; r++)
    for (var c = 0; c < 3; c++) relu_outputs[r, c] = Math.Max(0, layer_outputs[r, c]);

// Let's optimize and test backpropagation here. ReLU activation - simulates derivative with respect to input values
// from the next layer passed to the current layer during backpropagation
var drelu_full = (double[,])relu_outputs.Clone();
for (var r = 0; r < 3; r++)
    for (var c = 0; c < 3; c++)
        if (layer_outputs[r, c] <= 0) drelu_full[r, c] = 0;

// Dense layer: dinputs - multiply by weights, dweights - multiply by inputs, dbiases - sum values over samples
dinputs = Dot(drelu_full, Transpose(weights));
dweights = Dot(Transpose(inputs), drelu_full);
dbiases = SumColumns(drelu_full);

// Update parameters
for (var r = 0; r < 4; r++)
    for (var c = 0; c < 3; c++) weights[r, c] += -0.001 * dweights[r, c];
for (var c = 0; c < 3; c++) biases[0, c] += -0.001 * dbiases[0, c];

Console.WriteLine(NumPyFormat.Array(weights));
Console.WriteLine(NumPyFormat.Array(biases));

// np.dot of two float64 matrices
static double[,] Dot(double[,] a, double[,] b)
{
    int n = a.GetLength(0), k = a.GetLength(1), m = b.GetLength(1);
    var c = new double[n, m];
    for (var i = 0; i < n; i++)
        for (var j = 0; j < m; j++)
        {
            var sum = 0.0;
            for (var p = 0; p < k; p++) sum += a[i, p] * b[p, j];
            c[i, j] = sum;
        }
    return c;
}

// a.T
static double[,] Transpose(double[,] a)
{
    var t = new double[a.GetLength(1), a.GetLength(0)];
    for (var i = 0; i < a.GetLength(0); i++)
        for (var j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
    return t;
}

// np.sum(a, axis=0, keepdims=True)
static double[,] SumColumns(double[,] a)
{
    var sums = new double[1, a.GetLength(1)];
    for (var i = 0; i < a.GetLength(0); i++)
        for (var j = 0; j < a.GetLength(1); j++) sums[0, j] += a[i, j];
    return sums;
}
