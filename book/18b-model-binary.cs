#:project ../src/Nnfs/Nnfs.csproj
// Chapter 18, the Model object: chapter 16's binary logistic regression written with the Model class.
using Nnfs;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Tensors;

Engine.Init();

// Create train and test dataset
var (X, classes) = SyntheticData.Spiral(samples: 100, classes: 2);
var (X_test, test_classes) = SyntheticData.Spiral(samples: 100, classes: 2);

// Reshape labels to be a list of lists: the inner list has one output, either 0 or 1 — y.reshape(-1, 1)
var y = Column(classes);
var y_test = Column(test_classes);

// Instantiate the model; it prints the book's epoch lines
var model = new Model { Output = Console.Out, Report = TrainingReport.Epochs };

// Add layers
model.Add(new Dense(2, 64, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f));
model.Add(new ReLU());
model.Add(new Dense(64, 1));
model.Add(new Sigmoid());

// Set loss, optimizer and accuracy objects
model.Set(loss: new BinaryCrossEntropy(), optimizer: new Adam(decay: 5e-7), accuracy: new CategoricalAccuracy(binary: true));

// Finalize the model
model.Build();

// Train the model
model.Train(X, y, validationData: (X_test, y_test), epochs: Epochs(10000), printEvery: 100);

// The labels as an N x 1 float32 matrix, the book's y.reshape(-1, 1)
static Matrix Column(int[] labels)
{
    var column = new Matrix(labels.Length, 1);
    for (var i = 0; i < labels.Length; i++) column[i, 0] = labels[i];
    return column;
}

// The book's epoch count, or the one NNFS_BOOK_EPOCHS names (the tests shorten the long loop with it).
static int Epochs(int book) =>
    int.TryParse(Environment.GetEnvironmentVariable("NNFS_BOOK_EPOCHS"), out var epochs) ? epochs : book;
