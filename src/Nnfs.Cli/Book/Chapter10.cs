using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Cli.Book;

/// <summary>
/// Chapter 10, optimizers: Dense(2, 64) → ReLU → Dense(64, 3) → Softmax + cross-entropy on <c>spiral_data(100, 3)</c>,
/// trained for epochs 0..10000 with each optimizer setting the book tries, printing every 100 epochs.
/// </summary>
/// <remarks>
/// <c>--optimizer</c> selects one setting by name or 1-based index (see <see cref="Settings"/>); by default all run,
/// each from a fresh <c>nnfs.init()</c> and preceded by a <c># n/11 name: Python constructor</c> header line.
/// <c>--epochs N</c> trains epochs 0..N.
/// </remarks>
public sealed class Chapter10 : Chapter
{
    /// <summary>An optimizer setting of the chapter: its CLI name, the book's constructor call, a factory.</summary>
    public sealed record Setting(string Name, string Python, Func<Optimizer> Create);

    /// <summary>The settings in the order the book tries them.</summary>
    public static readonly IReadOnlyList<Setting> Settings =
    [
        new("sgd", "Optimizer_SGD()", () => new Sgd()),
        new("sgd-0.85", "Optimizer_SGD(learning_rate=0.85)", () => new Sgd(learningRate: 0.85)),
        new("sgd-decay-1e-2", "Optimizer_SGD(decay=1e-2)", () => new Sgd(decay: 1e-2)),
        new("sgd-decay-1e-3", "Optimizer_SGD(decay=1e-3)", () => new Sgd(decay: 1e-3)),
        new("sgd-decay-1e-3-momentum-0.5", "Optimizer_SGD(decay=1e-3, momentum=0.5)", () => new Sgd(decay: 1e-3, momentum: 0.5)),
        new("sgd-decay-1e-3-momentum-0.9", "Optimizer_SGD(decay=1e-3, momentum=0.9)", () => new Sgd(decay: 1e-3, momentum: 0.9)),
        new("adagrad-decay-1e-4", "Optimizer_Adagrad(decay=1e-4)", () => new AdaGrad(decay: 1e-4)),
        new("rmsprop-decay-1e-4", "Optimizer_RMSprop(decay=1e-4)", () => new RmsProp(decay: 1e-4)),
        new("rmsprop-0.02-decay-1e-5-rho-0.999", "Optimizer_RMSprop(learning_rate=0.02, decay=1e-5, rho=0.999)",
            () => new RmsProp(learningRate: 0.02, decay: 1e-5, rho: 0.999)),
        new("adam-0.02-decay-1e-5", "Optimizer_Adam(learning_rate=0.02, decay=1e-5)", () => new Adam(learningRate: 0.02, decay: 1e-5)),
        new("adam-0.05-decay-5e-7", "Optimizer_Adam(learning_rate=0.05, decay=5e-7)", () => new Adam(learningRate: 0.05, decay: 5e-7)),
    ];

    /// <inheritdoc />
    public override int Number => 10;

    /// <inheritdoc />
    public override string Title => "Optimizers: SGD, decay, momentum, AdaGrad, RMSprop, Adam";

    /// <summary>Finds settings by name or 1-based index; null or "all" selects all of them.</summary>
    /// <exception cref="ArgumentException">Unknown name or index; the message lists the names.</exception>
    public static IReadOnlyList<Setting> Select(string? optimizer)
    {
        if (optimizer is null || optimizer.Equals("all", StringComparison.OrdinalIgnoreCase)) return Settings;
        if (int.TryParse(optimizer, out var index) && index >= 1 && index <= Settings.Count) return [Settings[index - 1]];
        var match = Settings.FirstOrDefault(s => s.Name.Equals(optimizer, StringComparison.OrdinalIgnoreCase));
        return match is not null
            ? [match]
            : throw new ArgumentException(
                $"Chapter 10 has no optimizer setting '{optimizer}'; use 1-{Settings.Count} or one of: {string.Join(", ", Settings.Select(s => s.Name))}.");
    }

    /// <inheritdoc />
    public override void Run(TextWriter output, BookOptions options)
    {
        var settings = Select(options.Optimizer);
        foreach (var setting in settings)
        {
            if (settings.Count > 1)
                output.WriteLine($"# {Settings.ToList().IndexOf(setting) + 1}/{Settings.Count} {setting.Name}: {setting.Python}");
            Init(options);
            var (x, y) = SyntheticData.Spiral(samples: 100, classes: 3);
            var network = SpiralClassifier(new Dense(2, 64));
            network.Train(output, x, y, setting.Create(), options.Epochs ?? 10000);
        }
    }

    /// <summary><paramref name="first"/> → ReLU → Dense(n, 3) → Softmax + cross-entropy, categorical accuracy.</summary>
    internal static BookNetwork SpiralClassifier(Dense first, bool withDropout = false, bool reportRegularization = false)
    {
        List<ILayer> layers = [first, new ReLU()];
        if (withDropout) layers.Add(new Dropout(0.1f));
        layers.Add(new Dense(first.Neurons, 3));
        return new BookNetwork
        {
            Layers = layers,
            SoftmaxLoss = new SoftmaxCategoricalCrossEntropy(),
            Accuracy = BookNetwork.Categorical(),
            ReportRegularization = reportRegularization,
        };
    }

    /// <summary>A new <c>spiral_data(100, 3)</c> drawn after training, as the book's validation set.</summary>
    internal static (Matrix X, int[] Y) TestData() => SyntheticData.Spiral(samples: 100, classes: 3);
}
