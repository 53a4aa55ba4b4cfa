// Trains a small classifier with Nnfs on a CSV file, saves it, loads it back and predicts.
//   dotnet run                      the spiral data set beside this file (spiral.csv: x, y, class)
//   dotnet run -- data.csv [epochs]  your own table: numbers, the class id (0, 1, 2, ...) in the last column,
//                                    an optional header line
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Inference;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Serialization;

string csv = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "spiral.csv");
int epochs = 1000;
if (args.Length > 1 && (!int.TryParse(args[1], out epochs) || epochs < 1))
{
    Console.Error.WriteLine($"error: epochs must be a whole number >= 1, got '{args[1]}'");
    return 2;
}

NumericTable table;
int[] classes;
try
{
    table = NumericCsv.Load(csv, new CsvOptions { LabelColumn = -1 });
    classes = table.ClassIds();
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
int classCount = classes.Max() + 1;
Console.WriteLine($"{csv}: {table.Features.Rows} samples, {table.Features.Columns} features, {classCount} classes");

// 80 % to train on, 20 % held out; the features standardized with the training rows' mean and deviation.
var random = new RandomState(0);
var split = TrainValidationSplit.Create(table.Features, classes, validationFraction: 0.2, random);
var standardizer = Standardizer.Fit(split.TrainX);

var model = new Model(random)
{
    Report = TrainingReport.Epochs,
    // Saved with the model, so that the loaded model takes raw rows (the standardization is applied for you).
    Input = table.Input(standardizer),
};
model.Add(new Dense(table.Features.Columns, 64, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f, random: random));
model.Add(new ReLU());
model.Add(new Dense(64, classCount, random: random));
model.Add(new Softmax());
model.Set(new CategoricalCrossEntropy(), new Adam(learningRate: 0.05, decay: 1e-3), new CategoricalAccuracy());
model.Build();

var validation = (standardizer.Transform(split.ValidationX), split.ValidationY);
model.Train(standardizer.Transform(split.TrainX), split.TrainY, epochs, printEvery: Math.Max(1, epochs / 10), validationData: validation);

string path = Path.GetFullPath("model.nnfs");
model.Save(path);
Console.WriteLine($"saved {path}");

// A new process would start here: load the file and predict from raw (unstandardized) rows.
var predictor = Predictor.Load(path);
int[] predicted = predictor.PredictClasses(split.ValidationX);
int[] expected = split.ValidationIndices.Select(i => classes[i]).ToArray();
int correct = predicted.Zip(expected).Count(p => p.First == p.Second);
Console.WriteLine($"loaded model: {correct} of {expected.Length} held-out samples right ({(double)correct / expected.Length:P1})");
for (int i = 0; i < Math.Min(5, predicted.Length); i++)
    Console.WriteLine($"  sample {split.ValidationIndices[i]}: predicted class {predicted[i]}, true class {expected[i]}");
return 0;
