using Nnfs.Activations;
using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Book;

/// <summary>
/// The training loop of the book's chapters 10–17 written against the library directly (the scripts under book/ each
/// run one setting; the tests run the others with this loop): forward through the layers and the loss, a report line
/// every 100 epochs, backward, the optimizer's three calls. Printed lines are returned in the book's format.
/// </summary>
internal sealed class BookLoop
{
    public required IReadOnlyList<ILayer> Layers { get; init; }

    /// <summary>The combined softmax + cross-entropy (chapters 10–15), or null when <see cref="Loss"/> is used.</summary>
    public SoftmaxCategoricalCrossEntropy? SoftmaxLoss { get; init; }

    public Loss? Loss { get; init; }

    public required Func<Matrix, Targets, double> Accuracy { get; init; }

    /// <summary>Chapter 14 on: the line shows data and regularization losses.</summary>
    public bool ReportRegularization { get; init; }

    public List<string> Lines { get; } = [];

    private Matrix Output => SoftmaxLoss?.Output ?? Layers[^1].Output;

    /// <summary>Chapter 10/11's network: Dense(2, 64) → ReLU → Dense(64, 3) → softmax + cross-entropy.</summary>
    public static BookLoop SpiralClassifier() => new()
    {
        Layers = [new Dense(2, 64), new ReLU(), new Dense(64, 3)],
        SoftmaxLoss = new SoftmaxCategoricalCrossEntropy(),
        Accuracy = Categorical(),
    };

    /// <summary>Chapter 16's network: Dense(2, 64, L2 5e-4) → ReLU → Dense(64, 1) → sigmoid, binary cross-entropy.</summary>
    public static BookLoop BinaryClassifier() => new()
    {
        Layers = [new Dense(2, 64, weightRegularizerL2: 5e-4f, biasRegularizerL2: 5e-4f), new ReLU(), new Dense(64, 1), new Sigmoid()],
        Loss = new BinaryCrossEntropy(),
        Accuracy = Binary(),
        ReportRegularization = true,
    };

    /// <summary>Runs <paramref name="body"/> with a fresh generator seeded 0 (tests run concurrently) on
    /// <paramref name="path"/>, returning what it printed.</summary>
    public static List<string> Run(NumericPath path, Func<BookLoop> body)
    {
        using var random = RandomState.UseGlobal(new RandomState(0));
        using var numeric = Engine.UsePath(path);
        return body().Lines;
    }

    private float Forward(Matrix x, Targets y, bool training)
    {
        var input = x;
        foreach (var layer in Layers)
        {
            layer.Forward(input, training);
            input = layer.Output;
        }
        return SoftmaxLoss is not null ? SoftmaxLoss.Forward(input, y) : Loss!.Calculate(input, y);
    }

    private void Backward(Targets y)
    {
        Matrix dvalues;
        if (SoftmaxLoss is not null)
        {
            SoftmaxLoss.Backward(SoftmaxLoss.Output, y);
            dvalues = SoftmaxLoss.DInputs;
        }
        else
        {
            Loss!.Backward(Layers[^1].Output, y);
            dvalues = Loss.DInputs;
        }
        for (var i = Layers.Count - 1; i >= 0; i--)
        {
            Layers[i].Backward(dvalues);
            dvalues = Layers[i].DInputs;
        }
    }

    /// <summary>Epochs 0 … <paramref name="lastEpoch"/>, a line every 100.</summary>
    public BookLoop Train(Matrix x, Targets y, Optimizer optimizer, int lastEpoch)
    {
        var trainable = Layers.OfType<ITrainableLayer>().ToArray();
        for (var epoch = 0; epoch <= lastEpoch; epoch++)
        {
            var dataLoss = Forward(x, y, training: true);
            var accuracy = PythonFormat.Fixed(Accuracy(Output, y), 3);
            if (epoch % 100 == 0)
            {
                var lr = PythonFormat.Repr(optimizer.CurrentLearningRate);
                if (ReportRegularization)
                {
                    var regularization = Layers.OfType<Dense>().Sum(dense => dense.RegularizationLoss());
                    Lines.Add($"epoch: {epoch}, acc: {accuracy}, loss: {PythonFormat.Fixed(dataLoss + regularization, 3)} " +
                              $"(data_loss: {PythonFormat.Fixed(dataLoss, 3)}, reg_loss: {PythonFormat.Fixed(regularization, 3)}), lr: {lr}");
                }
                else
                {
                    Lines.Add($"epoch: {epoch}, acc: {accuracy}, loss: {PythonFormat.Fixed(dataLoss, 3)}, lr: {lr}");
                }
            }
            Backward(y);
            optimizer.PreUpdateParams();
            foreach (var layer in trainable) optimizer.UpdateParams(layer);
            optimizer.PostUpdateParams();
        }
        return this;
    }

    /// <summary>One forward pass on test data and the book's validation line.</summary>
    public BookLoop Validate(Matrix x, Targets y)
    {
        var loss = Forward(x, y, training: false);
        Lines.Add($"validation, acc: {PythonFormat.Fixed(Accuracy(Output, y), 3)}, loss: {PythonFormat.Fixed(loss, 3)}");
        return this;
    }

    private static Func<Matrix, Targets, double> Categorical()
    {
        var softmax = new Softmax();
        var accuracy = new CategoricalAccuracy();
        return (output, y) => accuracy.Calculate(softmax.Predictions(output), y);
    }

    private static Func<Matrix, Targets, double> Binary()
    {
        var sigmoid = new Sigmoid();
        var accuracy = new CategoricalAccuracy(binary: true);
        return (output, y) => accuracy.Calculate(sigmoid.Predictions(output), y);
    }
}
