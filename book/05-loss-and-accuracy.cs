#:project ../src/Nnfs/Nnfs.csproj
// Chapter 5, calculating network error with loss: chapter 4's network, then categorical cross-entropy and accuracy.
using Nnfs;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Tensors;

Engine.Init();

// Create dataset
var (X, y) = SyntheticData.Spiral(samples: 100, classes: 3);

// Create Dense layer with 2 input features and 3 output values
var dense1 = new Dense(2, 3);
// Create ReLU activation (to be used with Dense layer)
var activation1 = new ReLU();
// Create second Dense layer with 3 input features and 3 output values
var dense2 = new Dense(3, 3);
// Create Softmax activation (to be used with Dense layer)
var activation2 = new Softmax();
// Create loss function
var loss_function = new CategoricalCrossEntropy();

// Forward pass through the four of them
dense1.Forward(X, training: false);
activation1.Forward(dense1.Output, training: false);
dense2.Forward(activation1.Output, training: false);
activation2.Forward(dense2.Output, training: false);

// Let's see output of the first few samples
Console.WriteLine(NumPyFormat.Array(new Matrix(5, 3, activation2.Output.Span[..(5 * 3)].ToArray())));

// Perform a forward pass through the loss function; it takes the output of the second activation and returns the loss
var loss = loss_function.Calculate(activation2.Output, y);
// Print loss value
Console.WriteLine($"loss: {PythonFormat.Repr(loss)}");

// Calculate accuracy from the output of activation2 and targets: predictions = np.argmax(activation2.output, axis=1)
var predictions = activation2.Predictions(activation2.Output);
var accuracy = new CategoricalAccuracy().Calculate(predictions, y);
// Print accuracy
Console.WriteLine($"acc: {PythonFormat.Repr(accuracy)}");
