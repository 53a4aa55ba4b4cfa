#:project ../src/Nnfs/Nnfs.csproj
// Chapter 21, saving and loading models and their parameters: chapter 19's training, then the test set evaluated by
// the trained model, by a new model given its parameters, by a new model after save_parameters / load_parameters, and
// by the model read back after model.save. The four lines are identical: nothing was lost. The files
// (fashion_mnist.parms, fashion_mnist.model: Nnfs's safetensors format, not the book's pickles) are written to the
// current folder, as the book does; book/22-prediction.cs loads fashion_mnist.model from there.
using Nnfs;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Serialization;

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

// Evaluate the model
model.Evaluate(X_test, y_test);

// Retrieve model parameters
var parameters = model.GetParameters();

// New model without an optimizer, given the trained parameters
var model2 = NewModel();
model2.SetParameters(parameters);
model2.Evaluate(X_test, y_test);

// Save the parameters to a file, load them into another new model
ModelFile.SaveParameters(model, "fashion_mnist.parms");
var model3 = NewModel();
ModelFile.LoadParameters(model3, "fashion_mnist.parms");
model3.Evaluate(X_test, y_test);

// Save the whole model, load it back
ModelFile.Save(model, "fashion_mnist.model");
var model4 = ModelFile.Load("fashion_mnist.model");
model4.Output = Console.Out;
model4.Evaluate(X_test, y_test);

// The same network, built without an optimizer: only for evaluation and prediction
static Model NewModel()
{
    var model = new Model { Output = Console.Out };
    model.Add(new Dense(784, 128));
    model.Add(new ReLU());
    model.Add(new Dense(128, 128));
    model.Add(new ReLU());
    model.Add(new Dense(128, 10));
    model.Add(new Softmax());
    model.Set(loss: new CategoricalCrossEntropy(), accuracy: new CategoricalAccuracy());
    model.Build();
    return model;
}

// The book's epoch count, or the one NNFS_BOOK_EPOCHS names (the tests shorten the long loop with it).
static int Epochs(int book) =>
    int.TryParse(Environment.GetEnvironmentVariable("NNFS_BOOK_EPOCHS"), out var epochs) ? epochs : book;
