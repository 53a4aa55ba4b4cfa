#:project ../src/Nnfs/Nnfs.csproj
// Chapter 19, a real dataset: Fashion-MNIST prepared (shuffled, scaled to [-1, 1]) and learned in batches of 128 by
// Dense(784, 128) -> ReLU -> Dense(128, 128) -> ReLU -> Dense(128, 10) -> Softmax, a report every 100 steps and
// validation on the test set after each epoch.
using Nnfs;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;

Engine.Init();

// Create dataset: create_data_mnist, found as `nnfs train` finds it (docs/data.md), the images in the book's order
var folder = await new DataLocator().LocateOrDownloadAsync(IdxDataset.FashionMnist);
var train = IdxDataset.FashionMnist.Load(folder, DataSplitKind.Train, SampleOrder.Book);
var test = IdxDataset.FashionMnist.Load(folder, DataSplitKind.Test, SampleOrder.Book);

// Shuffle the training dataset: keys = np.array(range(X.shape[0])); np.random.shuffle(keys); X = X[keys]; y = y[keys]
var shuffled = train.Shuffle(null, out _);

// Scale and reshape samples: (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5
var X = shuffled.ToMatrix();
var y = shuffled.ClassIds();
var X_test = test.ToMatrix();
var y_test = test.ClassIds();

// Instantiate the model
var model = new Model { Output = Console.Out };

// Add layers
model.Add(new Dense(784, 128)); // X.shape[1] = 28 * 28 = 784
model.Add(new ReLU());
model.Add(new Dense(128, 128));
model.Add(new ReLU());
model.Add(new Dense(128, 10));
model.Add(new Softmax());

// Set loss, optimizer and accuracy objects
model.Set(loss: new CategoricalCrossEntropy(), optimizer: new Adam(decay: 1e-3), accuracy: new CategoricalAccuracy());

// Finalize the model
model.Build();

// Train the model (the book's 10 epochs; NNFS_BOOK_EPOCHS=N trains N)
model.Train(X, y, validationData: (X_test, y_test), epochs: Epochs(10), batchSize: 128, printEvery: 100);

// The book's epoch count, or the one NNFS_BOOK_EPOCHS names (the tests shorten the long loop with it).
static int Epochs(int book) =>
    int.TryParse(Environment.GetEnvironmentVariable("NNFS_BOOK_EPOCHS"), out var epochs) ? epochs : book;
