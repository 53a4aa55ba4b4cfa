#:project ../src/Nnfs/Nnfs.csproj
// Chapter 10, optimizers: SGD with learning-rate decay and momentum.
using Nnfs;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;

Engine.Init();

// Create dataset
var (X, y) = SyntheticData.Spiral(samples: 100, classes: 3);

// Create Dense layer with 2 input features and 64 output values
var dense1 = new Dense(2, 64);
// Create ReLU activation (to be used with Dense layer)
var activation1 = new Nnfs.Activations.ReLU();
// Create second Dense layer with 64 input features (as we take output of previous layer here) and 3 output values
var dense2 = new Dense(64, 3);
// Create Softmax classifier's combined loss and activation
var loss_activation = new SoftmaxCategoricalCrossEntropy();

// Create optimizer: Optimizer_SGD(decay=1e-3, momentum=0.9)
var optimizer = new Sgd(decay: 1e-3, momentum: 0.9);

// Train in loop (epochs 0..10000; NNFS_BOOK_EPOCHS=N stops after epoch N)
for (var epoch = 0; epoch <= LastEpoch(10000); epoch++)
{
    // Perform a forward pass of our training data through this layer
    dense1.Forward(X, training: true);
    // Perform a forward pass through activation function; takes the output of first dense layer here
    activation1.Forward(dense1.Output, training: true);
    // Perform a forward pass through second Dense layer; takes outputs of activation function of first layer as inputs
    dense2.Forward(activation1.Output, training: true);
    // Perform a forward pass through the activation/loss function; takes the output of second dense layer here and
    // returns loss
    var loss = loss_activation.Forward(dense2.Output, y);

    // Calculate accuracy from output of activation2 and targets: argmax along the first axis
    var predictions = loss_activation.Activation.Predictions(loss_activation.Output);
    var accuracy = new CategoricalAccuracy().Calculate(predictions, y);

    if (epoch % 100 == 0)
        Console.WriteLine($"epoch: {epoch}, acc: {PythonFormat.Fixed(accuracy, 3)}, loss: {PythonFormat.Fixed(loss, 3)}, " +
                          $"lr: {PythonFormat.Repr(optimizer.CurrentLearningRate)}");

    // Backward pass
    loss_activation.Backward(loss_activation.Output, y);
    dense2.Backward(loss_activation.DInputs);
    activation1.Backward(dense2.DInputs);
    dense1.Backward(activation1.DInputs);

    // Update weights and biases
    optimizer.PreUpdateParams();
    optimizer.UpdateParams(dense1);
    optimizer.UpdateParams(dense2);
    optimizer.PostUpdateParams();
}

// The book's last epoch, or the one NNFS_BOOK_EPOCHS names (the tests shorten the long loop with it).
static int LastEpoch(int book) =>
    int.TryParse(Environment.GetEnvironmentVariable("NNFS_BOOK_EPOCHS"), out var lastEpoch) ? lastEpoch : book;
