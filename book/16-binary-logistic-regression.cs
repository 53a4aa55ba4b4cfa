#:project ../src/Nnfs/Nnfs.csproj
// Chapter 16, binary logistic regression: two spiral classes, one sigmoid output, binary cross-entropy.
using Nnfs;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;
using Nnfs.Tensors;

Engine.Init();

// Create dataset
var (X, classes) = SyntheticData.Spiral(samples: 100, classes: 2);

// Reshape labels to be a list of lists: the inner list has one output, either 0 or 1 — y.reshape(-1, 1)
var y = Column(classes);

// Create Dense layer with 2 input features and 64 output values, with L2 regularization on weights and biases
var dense1 = new Dense(2, 64, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f);
// Create ReLU activation (to be used with Dense layer)
var activation1 = new ReLU();
// Create second Dense layer with 64 input features (as we take output of previous layer here) and 1 output value
var dense2 = new Dense(64, 1);
// Create Sigmoid activation
var activation2 = new Sigmoid();
// Create loss function
var loss_function = new BinaryCrossEntropy();

// Create optimizer
var optimizer = new Adam(decay: 5e-7);

// Train in loop (epochs 0..10000; NNFS_BOOK_EPOCHS=N stops after epoch N)
for (var epoch = 0; epoch <= LastEpoch(10000); epoch++)
{
    // Perform a forward pass of our training data through this layer
    dense1.Forward(X, training: true);
    // Perform a forward pass through activation function; takes the output of first dense layer here
    activation1.Forward(dense1.Output, training: true);
    // Perform a forward pass through second Dense layer; takes outputs of activation function of first layer as inputs
    dense2.Forward(activation1.Output, training: true);
    // Perform a forward pass through activation function; takes the output of second dense layer here
    activation2.Forward(dense2.Output, training: true);
    // Calculate the data loss
    var data_loss = loss_function.Calculate(activation2.Output, y);

    // Calculate regularization penalty
    var regularization_loss = dense1.RegularizationLoss() + dense2.RegularizationLoss();

    // Calculate overall loss
    var loss = data_loss + regularization_loss;

    // Calculate accuracy from output of activation2 and targets: the part in the brackets returns a binary mask -
    // array consisting of True/False values, multiplying it by 1 changes it into array of 1s and 0s
    var predictions = activation2.Predictions(activation2.Output);
    var accuracy = new CategoricalAccuracy(binary: true).Calculate(predictions, y);

    if (epoch % 100 == 0)
        Console.WriteLine($"epoch: {epoch}, acc: {PythonFormat.Fixed(accuracy, 3)}, loss: {PythonFormat.Fixed(loss, 3)} " +
                          $"(data_loss: {PythonFormat.Fixed(data_loss, 3)}, reg_loss: {PythonFormat.Fixed(regularization_loss, 3)}), " +
                          $"lr: {PythonFormat.Repr(optimizer.CurrentLearningRate)}");

    // Backward pass
    loss_function.Backward(activation2.Output, y);
    activation2.Backward(loss_function.DInputs);
    dense2.Backward(activation2.DInputs);
    activation1.Backward(dense2.DInputs);
    dense1.Backward(activation1.DInputs);

    // Update weights and biases
    optimizer.PreUpdateParams();
    optimizer.UpdateParams(dense1);
    optimizer.UpdateParams(dense2);
    optimizer.PostUpdateParams();
}

// Validate the model

// Create test dataset
var (X_test, test_classes) = SyntheticData.Spiral(samples: 100, classes: 2);

// Reshape labels to be a list of lists
var y_test = Column(test_classes);

// Perform a forward pass of our testing data through this layer
dense1.Forward(X_test, training: false);
// Perform a forward pass through activation function; takes the output of first dense layer here
activation1.Forward(dense1.Output, training: false);
// Perform a forward pass through second Dense layer; takes outputs of activation function of first layer as inputs
dense2.Forward(activation1.Output, training: false);
// Perform a forward pass through activation function; takes the output of second dense layer here
activation2.Forward(dense2.Output, training: false);
// Calculate the data loss
var test_loss = loss_function.Calculate(activation2.Output, y_test);

// Calculate accuracy from output of activation2 and targets
var test_predictions = activation2.Predictions(activation2.Output);
var test_accuracy = new CategoricalAccuracy(binary: true).Calculate(test_predictions, y_test);

Console.WriteLine($"validation, acc: {PythonFormat.Fixed(test_accuracy, 3)}, loss: {PythonFormat.Fixed(test_loss, 3)}");

// The labels as an N x 1 float32 matrix, the book's y.reshape(-1, 1)
static Matrix Column(int[] labels)
{
    var column = new Matrix(labels.Length, 1);
    for (var i = 0; i < labels.Length; i++) column[i, 0] = labels[i];
    return column;
}

// The book's last epoch, or the one NNFS_BOOK_EPOCHS names (the tests shorten the long loop with it).
static int LastEpoch(int book) =>
    int.TryParse(Environment.GetEnvironmentVariable("NNFS_BOOK_EPOCHS"), out var lastEpoch) ? lastEpoch : book;
