using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 17, regression: <c>sine_data()</c> (1000 points), Dense(1, 64) → ReLU → Dense(64, 64) → ReLU → Dense(64, 1)
/// → Linear, mean squared error, Adam(learning rate 0.005, decay 1e-3), weights initialized with 0.1·randn as in the
/// chapter's final code; accuracy is <c>|prediction − y| &lt; std(y)/250</c>.
/// </summary>
/// <remarks>
/// The book keeps sine data in float64; here inputs and targets are float32, so the numbers follow NumPy's closely
/// but not bit for bit.
/// </remarks>
public sealed class Chapter17 : Chapter
{
    /// <inheritdoc />
    public override int Number => 17;

    /// <inheritdoc />
    public override string Title => "Regression: fitting a sine wave (linear output, mean squared error)";

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        Init(options);
        var (x, y) = SyntheticData.Sine();
        var accuracy = new RegressionAccuracy();
        accuracy.Init(y);
        var linear = new Linear();
        var network = new BookNetwork
        {
            Layers = [new Dense(1, 64, initScale: 0.1f), new ReLU(), new Dense(64, 64, initScale: 0.1f), new ReLU(),
                      new Dense(64, 1, initScale: 0.1f), linear],
            Loss = new MeanSquaredError(),
            Accuracy = (prediction, targets) => accuracy.Calculate(linear.Predictions(prediction), targets),
            ReportRegularization = true,
        };
        network.Train(output, x, y, new Adam(learningRate: 0.005, decay: 1e-3), options.Epochs ?? 10000);
    }
}
