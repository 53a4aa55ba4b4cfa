using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 18, the Model object: the same code path (<see cref="Model"/>) for the book's three problems — regression
/// on sine data, binary logistic regression and the spiral classifier with dropout — each trained for 10,000 epochs
/// with a line every 100 epochs (chapter 18's report) and, for the two classifiers, a validation line.
/// </summary>
/// <remarks><c>--variant regression|binary|classification</c> runs one of them (default all three, in that order).</remarks>
public sealed class Chapter18 : Chapter
{
    /// <summary>The problems, in book order.</summary>
    public static readonly IReadOnlyList<string> Variants = ["regression", "binary", "classification"];

    /// <inheritdoc />
    public override int Number => 18;

    /// <inheritdoc />
    public override string Title => "Model object: regression, binary and categorical classification";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        IEnumerable<string> variants = options.Variant is null or "all" ? Variants : [options.Variant.ToLowerInvariant()];
        var epochs = options.Epochs ?? 10000;
        if (epochs < 1) throw new ArgumentException($"--epochs must be >= 1 for chapter 18, got {epochs}.");
        foreach (var variant in variants)
        {
            if (!Variants.Contains(variant))
                throw new ArgumentException($"Chapter 18 has no variant '{options.Variant}'; use one of {string.Join(", ", Variants)} or all.");
            if (options.Variant is null or "all") output.WriteLine($"# {variant}");
            Init(options);
            var model = new Model { Output = output, Report = TrainingReport.Epochs };
            switch (variant)
            {
                case "regression":
                {
                    var (x, y) = SyntheticData.Sine();
                    model.Add(new Dense(1, 64)); model.Add(new ReLU());
                    model.Add(new Dense(64, 64)); model.Add(new ReLU());
                    model.Add(new Dense(64, 1)); model.Add(new Linear());
                    model.Set(loss: new MeanSquaredError(), optimizer: new Adam(learningRate: 0.005, decay: 1e-3), accuracy: new RegressionAccuracy());
                    model.Build();
                    model.Train(x, y, epochs: epochs, printEvery: 100);
                    break;
                }
                case "binary":
                {
                    var (x, y) = SyntheticData.Spiral(samples: 100, classes: 2);
                    var (xTest, yTest) = SyntheticData.Spiral(samples: 100, classes: 2);
                    model.Add(new Dense(2, 64, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f)); model.Add(new ReLU());
                    model.Add(new Dense(64, 1)); model.Add(new Sigmoid());
                    model.Set(loss: new BinaryCrossEntropy(), optimizer: new Adam(decay: 5e-7), accuracy: new CategoricalAccuracy(binary: true));
                    model.Build();
                    model.Train(x, Chapter16.Column(y), epochs: epochs, printEvery: 100,
                        validationData: (xTest, Chapter16.Column(yTest)));
                    break;
                }
                default:
                {
                    var (x, y) = SyntheticData.Spiral(samples: 1000, classes: 3);
                    var (xTest, yTest) = SyntheticData.Spiral(samples: 100, classes: 3);
                    model.Add(new Dense(2, 512, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f)); model.Add(new ReLU());
                    model.Add(new Dropout(0.1f));
                    model.Add(new Dense(512, 3)); model.Add(new Softmax());
                    model.Set(loss: new CategoricalCrossEntropy(), optimizer: new Adam(learningRate: 0.05, decay: 5e-5), accuracy: new CategoricalAccuracy());
                    model.Build();
                    model.Train(x, y, epochs: epochs, printEvery: 100, validationData: (xTest, yTest));
                    break;
                }
            }
        }
    }
}
