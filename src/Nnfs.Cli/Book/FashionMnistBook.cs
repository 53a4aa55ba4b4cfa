using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Cli.Book;

/// <summary>The book's Fashion-MNIST data, as prepared in chapter 19 (after <c>nnfs.init()</c>).</summary>
/// <param name="Train">The training images in the book's order, before the shuffle.</param>
/// <param name="Test">The test images in the book's order (class-major, not shuffled).</param>
/// <param name="X">The shuffled training images scaled to [−1, 1], one 784-pixel row each.</param>
/// <param name="Y">The shuffled training labels.</param>
/// <param name="XTest">The test images scaled to [−1, 1].</param>
/// <param name="YTest">The test labels.</param>
internal sealed record FashionMnistData(ImageDataSet Train, ImageDataSet Test, Matrix X, int[] Y, Matrix XTest, int[] YTest);

/// <summary>What chapters 19–22 share: the data preparation, the network and its training.</summary>
internal static class FashionMnistBook
{
    /// <summary>The book's <c>fashion_mnist_labels</c>: class id → name.</summary>
    public static IReadOnlyList<string> Labels { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The book's epochs (10).</summary>
    public const int Epochs = 10;

    /// <summary>The book's batch size (128).</summary>
    public const int BatchSize = 128;

    /// <summary>The book's report interval in steps (100).</summary>
    public const int PrintEvery = 100;

    /// <summary>
    /// The folder with the Fashion-MNIST IDX files: <see cref="BookOptions.DataDir"/> if given (an error if it lacks
    /// them), else the usual places (<see cref="DataLocator"/>), downloading into the per-user cache as a last resort.
    /// </summary>
    public static string Locate(BookOptions options) =>
        Commands.DataLoading.Locator(options.DataDir).LocateOrDownloadAsync(IdxDataset.FashionMnist).GetAwaiter().GetResult();

    /// <summary>
    /// <c>create_data_mnist</c> in the book's sample order, then the keyed shuffle of the training data with the
    /// global generator (the first use of it after <c>nnfs.init()</c>) and the scaling to [−1, 1].
    /// </summary>
    public static FashionMnistData Load(BookOptions options)
    {
        string directory = Locate(options);
        var train = IdxDataset.FashionMnist.Load(directory, DataSplitKind.Train, SampleOrder.Book);
        var test = IdxDataset.FashionMnist.Load(directory, DataSplitKind.Test, SampleOrder.Book);
        var shuffled = train.Shuffle(null, out _);
        return new FashionMnistData(train, test, shuffled.ToMatrix(), shuffled.ClassIds(), test.ToMatrix(), test.ClassIds());
    }

    /// <summary>
    /// The chapter 19 network, built: Dense(784, 128) → ReLU → Dense(128, 128) → ReLU → Dense(128, 10) → Softmax with
    /// categorical cross-entropy and categorical accuracy; with <c>Adam(decay=1e-3)</c> when
    /// <paramref name="withOptimizer"/> (chapter 21's copies have none). Weights come from the global generator.
    /// </summary>
    public static Model CreateModel(TextWriter output, bool withOptimizer = true)
    {
        var model = new Model { Output = output };
        model.Add(new Dense(784, 128));
        model.Add(new ReLU());
        model.Add(new Dense(128, 128));
        model.Add(new ReLU());
        model.Add(new Dense(128, 10));
        model.Add(new Softmax());
        model.Set(loss: new CategoricalCrossEntropy(), optimizer: withOptimizer ? new Adam(decay: 1e-3) : null,
            accuracy: new CategoricalAccuracy());
        model.Build();
        return model;
    }

    /// <summary>
    /// <c>model.train(X, y, validation_data=(X_test, y_test), epochs=10, batch_size=128, print_every=100)</c>, with
    /// <see cref="BookOptions.Epochs"/> overriding the epochs.
    /// </summary>
    public static void Train(Model model, FashionMnistData data, BookOptions options)
    {
        int epochs = options.Epochs ?? Epochs;
        if (epochs < 1) throw new ArgumentException($"--epochs must be at least 1, got {epochs}.", nameof(options));
        model.Train(data.X, data.Y, epochs: epochs, batchSize: BatchSize, printEvery: PrintEvery,
            validationData: (data.XTest, data.YTest));
    }

    /// <summary><c>nnfs.init()</c>, the data and a freshly trained chapter 19 model: what chapters 20–22 start from.</summary>
    public static (FashionMnistData Data, Model Model) TrainBookModel(TextWriter output, BookOptions options)
    {
        var data = Load(options);
        var model = CreateModel(output);
        Train(model, data, options);
        return (data, model);
    }
}
