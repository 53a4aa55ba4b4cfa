#:project ../src/Nnfs/Nnfs.csproj
// Chapter 18, the Model object: chapter 17's sine regression written with the Model class.
using Nnfs;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;

Engine.Init();

// Create dataset
var (X, y) = SyntheticData.Sine();

// Instantiate the model; it prints the book's epoch lines
var model = new Model { Output = Console.Out, Report = TrainingReport.Epochs };

// Add layers
model.Add(new Dense(1, 64));
model.Add(new ReLU());
model.Add(new Dense(64, 64));
model.Add(new ReLU());
model.Add(new Dense(64, 1));
model.Add(new Linear());

// Set loss, optimizer and accuracy objects
model.Set(loss: new MeanSquaredError(), optimizer: new Adam(learningRate: 0.005, decay: 1e-3), accuracy: new RegressionAccuracy());

// Finalize the model
model.Build();

// Train the model
model.Train(X, y, epochs: Epochs(10000), printEvery: 100);

// The book's epoch count, or the one NNFS_BOOK_EPOCHS names (the tests shorten the long loop with it).
static int Epochs(int book) =>
    int.TryParse(Environment.GetEnvironmentVariable("NNFS_BOOK_EPOCHS"), out var epochs) ? epochs : book;
