#:project ../src/Nnfs/Nnfs.csproj
// Chapter 9, the full code up to this point: a forward pass of the spiral data through Dense -> ReLU -> Dense -> the
// combined softmax and cross-entropy, then a backward pass, printing the gradients of both dense layers.
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
// Create second Dense layer with 3 input features (as we take output of previous layer here) and 3 output values
var dense2 = new Dense(3, 3);
// Create Softmax classifier's combined loss and activation
var loss_activation = new SoftmaxCategoricalCrossEntropy();

// Perform a forward pass of our training data through this layer
dense1.Forward(X, training: true);
// Perform a forward pass through activation function; takes the output of first dense layer here
activation1.Forward(dense1.Output, training: true);
// Perform a forward pass through second Dense layer; takes outputs of activation function of first layer as inputs
dense2.Forward(activation1.Output, training: true);
// Perform a forward pass through the activation/loss function; takes the output of second dense layer here and
// returns loss
var loss = loss_activation.Forward(dense2.Output, y);

// Let's see output of the first few samples
Console.WriteLine(NumPyFormat.Array(new Matrix(5, 3, loss_activation.Output.Span[..(5 * 3)].ToArray())));

// Print loss value
Console.WriteLine($"loss: {PythonFormat.Repr(loss)}");

// Calculate accuracy from output of activation2 and targets: argmax along the first axis
var predictions = loss_activation.Activation.Predictions(loss_activation.Output);
var accuracy = new CategoricalAccuracy().Calculate(predictions, y);
// Print accuracy
Console.WriteLine($"acc: {PythonFormat.Repr(accuracy)}");

// Backward pass
loss_activation.Backward(loss_activation.Output, y);
dense2.Backward(loss_activation.DInputs);
activation1.Backward(dense2.DInputs);
dense1.Backward(activation1.DInputs);

// Print gradients
Console.WriteLine(NumPyFormat.Array(dense1.DWeights));
Console.WriteLine(NumPyFormat.Array(dense1.DBiases));
Console.WriteLine(NumPyFormat.Array(dense2.DWeights));
Console.WriteLine(NumPyFormat.Array(dense2.DBiases));
