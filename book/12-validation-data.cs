#:project ../src/Nnfs/Nnfs.csproj
// Chapter 12, validation data: hyperparameters are tuned on data split off the training data, never on the test data.
// Chapter 11's network trains on the first 80 samples of each class of the spiral data and is validated on the other 20;
// the test data (a new spiral) is used once, at the end.
using Nnfs;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;
using Nnfs.Tensors;

Engine.Init();

// Create dataset
var (X_all, y_all) = SyntheticData.Spiral(samples: 100, classes: 3);
// Split off the last 20 samples of each class (rows c*100 .. c*100+99 hold class c) as validation data
var (X, y, X_val, y_val) = SplitPerClass(X_all, y_all, samplesPerClass: 100, validationPerClass: 20);

// Create Dense layer with 2 input features and 64 output values
var dense1 = new Dense(2, 64);
// Create ReLU activation (to be used with Dense layer)
var activation1 = new Nnfs.Activations.ReLU();
// Create second Dense layer with 64 input features (as we take output of previous layer here) and 3 output values
var dense2 = new Dense(64, 3);
// Create Softmax classifier's combined loss and activation
var loss_activation = new SoftmaxCategoricalCrossEntropy();

// Create optimizer: Optimizer_Adam(learning_rate=0.05, decay=5e-7)
var optimizer = new Adam(learningRate: 0.05, decay: 5e-7);

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

    if (epoch % 1000 == 0)
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

// Validate the model on the validation data
dense1.Forward(X_val, training: false);
activation1.Forward(dense1.Output, training: false);
dense2.Forward(activation1.Output, training: false);
var val_loss = loss_activation.Forward(dense2.Output, y_val);
var val_accuracy = new CategoricalAccuracy().Calculate(loss_activation.Activation.Predictions(loss_activation.Output), y_val);
Console.WriteLine($"validation, acc: {PythonFormat.Fixed(val_accuracy, 3)}, loss: {PythonFormat.Fixed(val_loss, 3)}");

// Only when the hyperparameters are final: the test data
// Create test dataset
var (X_test, y_test) = SyntheticData.Spiral(samples: 100, classes: 3);

// Perform a forward pass of our testing data through this layer
dense1.Forward(X_test, training: false);
// Perform a forward pass through activation function; takes the output of first dense layer here
activation1.Forward(dense1.Output, training: false);
// Perform a forward pass through second Dense layer; takes outputs of activation function of first layer as inputs
dense2.Forward(activation1.Output, training: false);
// Perform a forward pass through the activation/loss function; takes the output of second dense layer here and
// returns loss
var test_loss = loss_activation.Forward(dense2.Output, y_test);

// Calculate accuracy from output of activation2 and targets: argmax along the first axis
var test_predictions = loss_activation.Activation.Predictions(loss_activation.Output);
var test_accuracy = new CategoricalAccuracy().Calculate(test_predictions, y_test);

Console.WriteLine($"test, acc: {PythonFormat.Fixed(test_accuracy, 3)}, loss: {PythonFormat.Fixed(test_loss, 3)}");

// The book's last epoch, or the one NNFS_BOOK_EPOCHS names (the tests shorten the long loop with it).
static int LastEpoch(int book) =>
    int.TryParse(Environment.GetEnvironmentVariable("NNFS_BOOK_EPOCHS"), out var lastEpoch) ? lastEpoch : book;

// The last validationPerClass rows of each class become the validation set, the others the training set.
static (Matrix XTrain, int[] YTrain, Matrix XValidation, int[] YValidation) SplitPerClass(
    Matrix x, int[] y, int samplesPerClass, int validationPerClass)
{
    var classes = x.Rows / samplesPerClass;
    var trainPerClass = samplesPerClass - validationPerClass;
    var xTrain = new Matrix(classes * trainPerClass, x.Columns);
    var xValidation = new Matrix(classes * validationPerClass, x.Columns);
    var yTrain = new int[xTrain.Rows];
    var yValidation = new int[xValidation.Rows];
    for (var c = 0; c < classes; c++)
        for (var i = 0; i < samplesPerClass; i++)
        {
            var source = c * samplesPerClass + i;
            var training = i < trainPerClass;
            var row = training ? c * trainPerClass + i : c * validationPerClass + (i - trainPerClass);
            x.Row(source).CopyTo((training ? xTrain : xValidation).Row(row));
            (training ? yTrain : yValidation)[row] = y[source];
        }
    return (xTrain, yTrain, xValidation, yValidation);
}
