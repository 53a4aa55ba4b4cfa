#:project ../src/Nnfs/Nnfs.csproj
// Chapter 2, coding our first neurons: a layer of 3 neurons on a batch of 3 samples, np.dot(inputs, weights.T) + biases.
// The book does this in plain float64, without nnfs.init(); so do we.
using Nnfs.Formatting;

double[,] inputs = { { 1.0, 2.0, 3.0, 2.5 }, { 2.0, 5.0, -1.0, 2.0 }, { -1.5, 2.7, 3.3, -0.8 } };
double[,] weights = { { 0.2, 0.8, -0.5, 1.0 }, { 0.5, -0.91, 0.26, -0.5 }, { -0.26, -0.27, 0.17, 0.87 } };
double[] biases = [2.0, 3.0, 0.5];

// layer_outputs = np.dot(inputs, np.array(weights).T) + biases
var layer_outputs = new double[3, 3];
for (var sample = 0; sample < 3; sample++)
    for (var neuron = 0; neuron < 3; neuron++)
    {
        var sum = 0.0;
        for (var i = 0; i < 4; i++) sum += inputs[sample, i] * weights[neuron, i];
        layer_outputs[sample, neuron] = sum + biases[neuron];
    }

Console.WriteLine(NumPyFormat.Array(layer_outputs));
