#:project ../src/Nnfs/Nnfs.csproj
// Chapter 4, activation functions: Dense(2, 3) -> ReLU -> Dense(3, 3) -> Softmax on the spiral data.
using Nnfs;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Tensors;

Engine.Init();

// Create dataset
var (X, y) = SyntheticData.Spiral(samples: 100, classes: 3);

// Create Dense layer with 2 input features and 3 output values
var dense1 = new Dense(2, 3);
// Create ReLU activation (to be used with Dense layer)
var activation1 = new ReLU();
// Create second Dense layer with 3 input features (the output of the previous layer) and 3 output values
var dense2 = new Dense(3, 3);
// Create Softmax activation (to be used with Dense layer)
var activation2 = new Softmax();

// Make a forward pass of our training data through this layer
dense1.Forward(X, training: false);
// Make a forward pass through activation function; it takes the output of the first dense layer here
activation1.Forward(dense1.Output, training: false);
// Make a forward pass through the second Dense layer; it takes the outputs of the first layer's activation
dense2.Forward(activation1.Output, training: false);
// Make a forward pass through activation function; it takes the output of the second dense layer here
activation2.Forward(dense2.Output, training: false);

// Let's see output of the first few samples
Console.WriteLine(NumPyFormat.Array(new Matrix(5, 3, activation2.Output.Span[..(5 * 3)].ToArray())));
