using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;

var random = new RandomState(0);
var (x, y) = SyntheticData.Spiral(samples: 1000, classes: 3, random);
var (xTest, yTest) = SyntheticData.Spiral(samples: 100, classes: 3, random);

var model = new Model(random) { Report = TrainingReport.Epochs };
model.Add(new Dense(2, 64, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f, random: random));
model.Add(new ReLU());
model.Add(new Dense(64, 3, random: random));
model.Add(new Softmax());
model.Set(new CategoricalCrossEntropy(), new Adam(learningRate: 0.05, decay: 1e-3), new CategoricalAccuracy());
model.Build();

var history = model.Train(x, y, epochs: 2000, printEvery: 100, validationData: (xTest, yTest));
Console.WriteLine($"final validation accuracy: {history.Last.ValidationAccuracy:F3}");
