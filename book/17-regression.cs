#:project ../src/Nnfs/Nnfs.csproj
// Chapter 17, regression: fitting a sine wave with a linear output and mean squared error; weights initialized with
// 0.1 * randn as in the chapter's final code. Accuracy: |prediction - y| < std(y) / 250.
using Nnfs;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;

Engine.Init();

// Create dataset
var (X, y) = SyntheticData.Sine();

// Create Dense layer with 1 input feature and 64 output values
var dense1 = new Dense(1, 64, initScale: 0.1f);
// Create ReLU activation (to be used with Dense layer)
var activation1 = new ReLU();
// Create second Dense layer with 64 input features (as we take output of previous layer here) and 64 output values
var dense2 = new Dense(64, 64, initScale: 0.1f);
// Create ReLU activation (to be used with Dense layer)
var activation2 = new ReLU();
// Create third Dense layer with 64 input features (as we take output of previous layer here) and 1 output value
var dense3 = new Dense(64, 1, initScale: 0.1f);
// Create Linear activation
var activation3 = new Linear();
// Create loss function
var loss_function = new MeanSquaredError();

// Create optimizer
var optimizer = new Adam(learningRate: 0.005, decay: 1e-3);

// Accuracy precision for accuracy calculation: a prediction counts as correct within std(y) / 250 of its target
var accuracy_function = new RegressionAccuracy();
accuracy_function.Init(y);

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
    // Perform a forward pass through third Dense layer; takes outputs of activation function of second layer as inputs
    dense3.Forward(activation2.Output, training: true);
    // Perform a forward pass through activation function; takes the output of third dense layer here
    activation3.Forward(dense3.Output, training: true);
    // Calculate the data loss
    var data_loss = loss_function.Calculate(activation3.Output, y);

    // Calculate regularization penalty
    var regularization_loss = dense1.RegularizationLoss() + dense2.RegularizationLoss() + dense3.RegularizationLoss();

    // Calculate overall loss
    var loss = data_loss + regularization_loss;

    // Calculate accuracy from output of activation3 and targets
    var predictions = activation3.Predictions(activation3.Output);
    var accuracy = accuracy_function.Calculate(predictions, y);

    if (epoch % 100 == 0)
        Console.WriteLine($"epoch: {epoch}, acc: {PythonFormat.Fixed(accuracy, 3)}, loss: {PythonFormat.Fixed(loss, 3)} " +
                          $"(data_loss: {PythonFormat.Fixed(data_loss, 3)}, reg_loss: {PythonFormat.Fixed(regularization_loss, 3)}), " +
                          $"lr: {PythonFormat.Repr(optimizer.CurrentLearningRate)}");

    // Backward pass
    loss_function.Backward(activation3.Output, y);
    activation3.Backward(loss_function.DInputs);
    dense3.Backward(activation3.DInputs);
    activation2.Backward(dense3.DInputs);
    dense2.Backward(activation2.DInputs);
    activation1.Backward(dense2.DInputs);
    dense1.Backward(activation1.DInputs);

    // Update weights and biases
    optimizer.PreUpdateParams();
    optimizer.UpdateParams(dense1);
    optimizer.UpdateParams(dense2);
    optimizer.UpdateParams(dense3);
    optimizer.PostUpdateParams();
}

// The book's last epoch, or the one NNFS_BOOK_EPOCHS names (the tests shorten the long loop with it).
static int LastEpoch(int book) =>
    int.TryParse(Environment.GetEnvironmentVariable("NNFS_BOOK_EPOCHS"), out var lastEpoch) ? lastEpoch : book;
