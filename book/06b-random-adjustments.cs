#:project ../src/Nnfs/Nnfs.csproj
// Chapter 6, introducing optimization: random search, small random adjustments kept only when the loss falls (vertical data).
using Nnfs;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Randomness;
using Nnfs.Tensors;

Engine.Init();

// Create dataset
var (X, y) = SyntheticData.Vertical(samples: 100, classes: 3);

// Create model
var dense1 = new Dense(2, 3); // first dense layer, 2 inputs
var activation1 = new ReLU();
var dense2 = new Dense(3, 3); // second dense layer, 3 inputs, 3 outputs
var activation2 = new Softmax();

// Create loss function
var loss_function = new CategoricalCrossEntropy();

// Helper variables
var lowest_loss = 9999999f; // some initial value
var best_dense1_weights = dense1.Weights.Clone();
var best_dense1_biases = dense1.Biases.Clone();
var best_dense2_weights = dense2.Weights.Clone();
var best_dense2_biases = dense2.Biases.Clone();

for (var iteration = 0; iteration < 10000; iteration++)
{
    // Update weights with some small random values
    Add(dense1.Weights, 0.05f, Randn(2, 3));
    Add(dense1.Biases, 0.05f, Randn(1, 3));
    Add(dense2.Weights, 0.05f, Randn(3, 3));
    Add(dense2.Biases, 0.05f, Randn(1, 3));

    // Perform a forward pass of the training data through this layer
    dense1.Forward(X, training: false);
    activation1.Forward(dense1.Output, training: false);
    dense2.Forward(activation1.Output, training: false);
    activation2.Forward(dense2.Output, training: false);

    // Perform a forward pass through activation function; it takes the output of second dense layer here and returns loss
    var loss = loss_function.Calculate(activation2.Output, y);

    // Calculate accuracy from output of activation2 and targets: argmax along the first axis
    var predictions = activation2.Predictions(activation2.Output);
    var accuracy = new CategoricalAccuracy().Calculate(predictions, y);

    // If loss is smaller - print and save weights and biases aside
    if (loss < lowest_loss)
    {
        Console.WriteLine($"New set of weights found, iteration: {iteration} loss: {PythonFormat.Repr(loss)} acc: {PythonFormat.Repr(accuracy)}");
        dense1.Weights.CopyTo(best_dense1_weights);
        dense1.Biases.CopyTo(best_dense1_biases);
        dense2.Weights.CopyTo(best_dense2_weights);
        dense2.Biases.CopyTo(best_dense2_biases);
        lowest_loss = loss;
    }
    // Revert weights and biases
    else
    {
        best_dense1_weights.CopyTo(dense1.Weights);
        best_dense1_biases.CopyTo(dense1.Biases);
        best_dense2_weights.CopyTo(dense2.Weights);
        best_dense2_biases.CopyTo(dense2.Biases);
    }
}

// np.random.randn(rows, columns) from the global generator, in float32 as nnfs.init() makes NumPy compute it.
static float[] Randn(int rows, int columns)
{
    var values = new float[rows * columns];
    RandomState.Global.Randn(values);
    return values;
}

// parameter += scale * values
static void Add(Matrix parameter, float scale, float[] values)
{
    var span = parameter.Span;
    for (var i = 0; i < span.Length; i++) span[i] += scale * values[i];
}
