using Nnfs.Layers;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 12, validation data: hyperparameters are tuned on a validation split, never on the test data. The
/// example trains chapter 11's network on the first 80% of each class of <c>spiral_data(100, 3)</c> and reports
/// the held-out 20% as validation data, then evaluates on a new test set.
/// </summary>
public sealed class Chapter12 : Chapter
{
    /// <inheritdoc />
    public override int Number => 12;

    /// <inheritdoc />
    public override string Title => "Validation data: a train/validation split for tuning, test data kept apart";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        output.WriteLine("# Tune hyperparameters on validation data split from the training data; keep the test data for the end.");
        output.WriteLine("# Training on 80% of each class of spiral_data(100, 3), validating on the other 20%.");
        Init(options);
        var (x, y) = Datasets.SyntheticData.Spiral(samples: 100, classes: 3);
        var (xTrain, yTrain, xValidation, yValidation) = SplitPerClass(x, y, samplesPerClass: 100, validationPerClass: 20);
        var network = Chapter10.SpiralClassifier(new Dense(2, 64));
        network.Train(output, xTrain, yTrain, new Adam(learningRate: 0.05, decay: 5e-7), options.Epochs ?? 10000, printEvery: 1000);
        network.Validate(output, xValidation, yValidation);
        output.WriteLine("# Test data (a new spiral_data(100, 3)):");
        var (xTest, yTest) = Chapter10.TestData();
        network.Validate(output, xTest, yTest);
    }

    /// <summary>
    /// Splits class-grouped data (rows <c>[c·n, (c+1)·n)</c> have class c): the last <paramref name="validationPerClass"/>
    /// rows of each class become the validation set.
    /// </summary>
    internal static (Matrix XTrain, int[] YTrain, Matrix XValidation, int[] YValidation) SplitPerClass(
        Matrix x, int[] y, int samplesPerClass, int validationPerClass)
    {
        var classes = x.Rows / samplesPerClass;
        var trainPerClass = samplesPerClass - validationPerClass;
        var xTrain = new Matrix(classes * trainPerClass, x.Columns);
        var xValidation = new Matrix(classes * validationPerClass, x.Columns);
        var yTrain = new int[xTrain.Rows];
        var yValidation = new int[xValidation.Rows];
        for (var c = 0; c < classes; c++)
        for (var i = 0; i < samplesPerClass; i++)
        {
            var source = c * samplesPerClass + i;
            var training = i < trainPerClass;
            var row = training ? c * trainPerClass + i : c * validationPerClass + (i - trainPerClass);
            x.Row(source).CopyTo((training ? xTrain : xValidation).Row(row));
            (training ? yTrain : yValidation)[row] = y[source];
        }
        return (xTrain, yTrain, xValidation, yValidation);
    }
}
