#:project ../src/Nnfs/Nnfs.csproj
// Chapter 3, adding layers: spiral data through one dense layer (the book's Layer_Dense), first five rows printed.
using Nnfs;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Tensors;

Engine.Init(); // nnfs.init(): the book's arithmetic, the global generator seeded with 0

// Create dataset
var (X, y) = SyntheticData.Spiral(samples: 100, classes: 3);

// Create Dense layer with 2 input features and 3 output values
var dense1 = new Dense(2, 3);

// Perform a forward pass of our training data through this layer
dense1.Forward(X, training: false);

// Let's see output of the first few samples
Console.WriteLine(NumPyFormat.Array(new Matrix(5, 3, dense1.Output.Span[..(5 * 3)].ToArray())));
