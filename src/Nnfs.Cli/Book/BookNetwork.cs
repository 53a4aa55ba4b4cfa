using Nnfs.Formatting;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Cli.Book;

/// <summary>
/// The hand-written training loop of chapters 10–17 (NNFS-SPEC §2.7), before the book introduces the Model class:
/// layers called one by one, the loss, the accuracy, the backward pass in reverse, then the optimizer.
/// </summary>
internal sealed class BookNetwork
{
    /// <summary>The layers in forward order; the last one is the output activation unless <see cref="SoftmaxLoss"/> is set.</summary>
    public required IReadOnlyList<ILayer> Layers { get; init; }

    /// <summary>The combined softmax + cross-entropy that follows <see cref="Layers"/> (classification chapters), or null.</summary>
    public SoftmaxCategoricalCrossEntropy? SoftmaxLoss { get; init; }

    /// <summary>The loss applied to the last layer's output when <see cref="SoftmaxLoss"/> is null.</summary>
    public Loss? Loss { get; init; }

    /// <summary>Accuracy of the network's output against the targets (the book's <c>np.mean(predictions == y)</c>).</summary>
    public required Func<Matrix, Targets, double> Accuracy { get; init; }

    /// <summary>Print <c>(data_loss: …, reg_loss: …)</c> in the epoch lines (chapter 14 on).</summary>
    public bool ReportRegularization { get; init; }

    /// <summary>The network's output after the last <see cref="Forward"/>.</summary>
    public Matrix Output => SoftmaxLoss?.Output ?? Layers[^1].Output;

    /// <summary>Forward pass and data loss.</summary>
    public float Forward(Matrix x, Targets y, bool training)
    {
        var input = x;
        foreach (var layer in Layers)
        {
            layer.Forward(input, training);
            input = layer.Output;
        }
        if (SoftmaxLoss is not null) return SoftmaxLoss.Forward(input, y);
        return Loss!.Calculate(input, y);
    }

    /// <summary>The regularization penalty summed over the dense layers in order, in float64 (the book's
    /// <c>regularization_loss(dense1) + regularization_loss(dense2)</c>).</summary>
    public double RegularizationLoss()
    {
        var total = 0.0;
        foreach (var layer in Layers)
            if (layer is Dense dense) total += dense.RegularizationLoss();
        return total;
    }

    /// <summary>Backward pass from the loss through every layer.</summary>
    public void Backward(Targets y)
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

    /// <summary>
    /// Trains for epochs 0..<paramref name="lastEpoch"/> (the book's <c>range(10001)</c> is lastEpoch 10000), printing
    /// <c>epoch: e, acc: …, loss: …[ (data_loss: …, reg_loss: …)], lr: …</c> every <paramref name="printEvery"/> epochs.
    /// </summary>
    public void Train(TextWriter output, Matrix x, Targets y, Optimizer optimizer, int lastEpoch, int printEvery = 100)
    {
        if (lastEpoch < 0) throw new ArgumentException($"--epochs must be >= 0, got {lastEpoch}.");
        var trainable = Layers.OfType<ITrainableLayer>().ToArray();
        for (var epoch = 0; epoch <= lastEpoch; epoch++)
        {
            var dataLoss = Forward(x, y, training: true);
            var accuracy = Accuracy(Output, y);
            if (epoch % printEvery == 0)
            {
                var lr = PythonFormat.Repr(optimizer.CurrentLearningRate);
                var acc = PythonFormat.Fixed(accuracy, 3);
                if (ReportRegularization)
                {
                    var regularization = RegularizationLoss();
                    var loss = dataLoss + regularization;
                    output.WriteLine($"epoch: {epoch}, acc: {acc}, loss: {PythonFormat.Fixed(loss, 3)} " +
                                     $"(data_loss: {PythonFormat.Fixed(dataLoss, 3)}, reg_loss: {PythonFormat.Fixed(regularization, 3)}), lr: {lr}");
                }
                else
                {
                    output.WriteLine($"epoch: {epoch}, acc: {acc}, loss: {PythonFormat.Fixed(dataLoss, 3)}, lr: {lr}");
                }
            }
            Backward(y);
            optimizer.PreUpdateParams();
            foreach (var layer in trainable) optimizer.UpdateParams(layer);
            optimizer.PostUpdateParams();
        }
    }

    /// <summary>One forward pass without dropout on held-out data: <c>validation, acc: …, loss: …</c> (data loss only).</summary>
    public void Validate(TextWriter output, Matrix x, Targets y)
    {
        var loss = Forward(x, y, training: false);
        var accuracy = Accuracy(Output, y);
        output.WriteLine($"validation, acc: {PythonFormat.Fixed(accuracy, 3)}, loss: {PythonFormat.Fixed(loss, 3)}");
    }

    /// <summary>Classification accuracy: the argmax of each row against the class ids.</summary>
    public static Func<Matrix, Targets, double> Categorical()
    {
        var softmax = new Activations.Softmax();
        var accuracy = new CategoricalAccuracy();
        return (output, y) => accuracy.Calculate(softmax.Predictions(output), y);
    }

    /// <summary>Binary accuracy: <c>(output &gt; 0.5) == y</c> element by element.</summary>
    public static Func<Matrix, Targets, double> Binary()
    {
        var sigmoid = new Activations.Sigmoid();
        var accuracy = new CategoricalAccuracy(binary: true);
        return (output, y) => accuracy.Calculate(sigmoid.Predictions(output), y);
    }
}
