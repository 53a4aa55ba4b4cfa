#:project ../src/Nnfs/Nnfs.csproj
// Chapter 18, the Model object: chapter 15's spiral classifier with dropout written with the Model class.
using Nnfs;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;

Engine.Init();

// Create train and test dataset
var (X, y) = SyntheticData.Spiral(samples: 1000, classes: 3);
var (X_test, y_test) = SyntheticData.Spiral(samples: 100, classes: 3);

// Instantiate the model; it prints the book's epoch lines
var model = new Model { Output = Console.Out, Report = TrainingReport.Epochs };

// Add layers
model.Add(new Dense(2, 512, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f));
model.Add(new ReLU());
model.Add(new Dropout(0.1f));
model.Add(new Dense(512, 3));
model.Add(new Softmax());

// Set loss, optimizer and accuracy objects
model.Set(loss: new CategoricalCrossEntropy(), optimizer: new Adam(learningRate: 0.05, decay: 5e-5), accuracy: new CategoricalAccuracy());

// Finalize the model
model.Build();

// Train the model
model.Train(X, y, validationData: (X_test, y_test), epochs: Epochs(10000), printEvery: 100);

// The book's epoch count, or the one NNFS_BOOK_EPOCHS names (the tests shorten the long loop with it).
static int Epochs(int book) =>
    int.TryParse(Environment.GetEnvironmentVariable("NNFS_BOOK_EPOCHS"), out var epochs) ? epochs : book;
