using System.Text.Json;
using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;

namespace Nnfs.Serialization;

/// <summary>
/// The closed list of kinds the nnfs model format knows, one row per kind: what a layer, loss, accuracy or optimizer
/// may describe itself as (<see cref="Descriptions.IDescribable"/>) to be saved, and how that kind is read back. A
/// file's kind names a row; nothing else from the file decides what is constructed.
/// </summary>
/// <remarks>
/// Layers: dense, dropout, relu, softmax, sigmoid, linear. Losses: categorical_cross_entropy, binary_cross_entropy,
/// mean_squared_error, mean_absolute_error. Accuracies: categorical, regression. Optimizers: sgd, adagrad, rmsprop,
/// adam. Adding a kind: its type implements <see cref="Descriptions.IDescribable"/>, and one row here reads it back
/// (<c>docs/model-format.md</c>, "Adding a kind").
/// </remarks>
public static class KnownKinds
{
    internal static readonly KindTable<ILayer> Layers = new("layer",
        new("dense", typeof(Dense), ReadDense),
        new("dropout", typeof(Dropout), f => f.Construct(() => new Dropout(f.Single("rate")))),
        new("relu", typeof(ReLU), _ => new ReLU()),
        new("softmax", typeof(Softmax), _ => new Softmax()),
        new("sigmoid", typeof(Sigmoid), _ => new Sigmoid()),
        new("linear", typeof(Linear), _ => new Linear()));

    internal static readonly KindTable<Loss> Losses = new("loss",
        new("categorical_cross_entropy", typeof(CategoricalCrossEntropy), _ => new CategoricalCrossEntropy()),
        new("binary_cross_entropy", typeof(BinaryCrossEntropy), _ => new BinaryCrossEntropy()),
        new("mean_squared_error", typeof(MeanSquaredError), _ => new MeanSquaredError()),
        new("mean_absolute_error", typeof(MeanAbsoluteError), _ => new MeanAbsoluteError()));

    internal static readonly KindTable<Accuracy> Accuracies = new("accuracy",
        new("categorical", typeof(CategoricalAccuracy), f => new CategoricalAccuracy(f.Boolean("binary"))),
        new("regression", typeof(RegressionAccuracy), ReadRegression));

    internal static readonly KindTable<Optimizer> Optimizers = new("optimizer",
        new("sgd", typeof(Sgd), f => ReadOptimizer(f, (lr, decay) => new Sgd(lr, decay, f.Double("momentum"))), Optimizer.MomentumSlot),
        new("adagrad", typeof(AdaGrad), f => ReadOptimizer(f, (lr, decay) => new AdaGrad(lr, decay, f.Double("epsilon"))), Optimizer.CacheSlot),
        new("rmsprop", typeof(RmsProp), f => ReadOptimizer(f, (lr, decay) => new RmsProp(lr, decay, f.Double("epsilon"), f.Double("rho"))), Optimizer.CacheSlot),
        new("adam", typeof(Adam), f => ReadOptimizer(f, (lr, decay) => new Adam(lr, decay, f.Double("epsilon"), f.Double("beta_1"), f.Double("beta_2"))),
            Optimizer.MomentumSlot, Optimizer.CacheSlot));

    /// <summary>
    /// The kind of <paramref name="layer"/> in the model format (e.g. <c>"dense"</c>), or null when the format does
    /// not know its type or it describes itself as another kind.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="layer"/> is null.</exception>
    public static string? LayerKind(ILayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var row = Layers.RowOf(layer);
        return row is not null && layer is Descriptions.IDescribable d && d.Describe().Kind == row.Kind ? row.Kind : null;
    }

    private static Dense ReadDense(DescriptionFields f)
    {
        int inputs = f.Int32("inputs"), neurons = f.Int32("neurons");
        float weightL1 = f.Single("weight_regularizer_l1"), weightL2 = f.Single("weight_regularizer_l2");
        float biasL1 = f.Single("bias_regularizer_l1"), biasL2 = f.Single("bias_regularizer_l2");
        // The constructor refuses sizes below 1 before allocating; larger ones must first match the file's tensors.
        if (inputs >= 1 && neurons >= 1) f.CheckSizes(inputs, neurons);
        // The saved weights replace the initial ones, so nothing is drawn (the global generator stays untouched).
        return f.Construct(() => Dense.ForLoading(inputs, neurons, weightL1, weightL2, biasL1, biasL2));
    }

    private static RegressionAccuracy ReadRegression(DescriptionFields f)
    {
        var regression = new RegressionAccuracy();
        if (f.Optional("precision") is { } p)
        {
            if (p.ValueKind != JsonValueKind.Number || !p.TryGetDouble(out double precision) || !(precision >= 0) || double.IsInfinity(precision))
                throw f.Error($"field 'precision' must be a finite number >= 0, found '{p}'.");
            regression.Precision = precision;
        }
        return regression;
    }

    /// <summary>The schedule (learning rate, decay), the kind's own settings, then the progress (current learning rate,
    /// iterations), which every optimizer description holds.</summary>
    private static Optimizer ReadOptimizer(DescriptionFields f, Func<double, double, Optimizer> create)
    {
        double lr = f.Double("learning_rate"), decay = f.Double("decay");
        var optimizer = f.Construct(() => create(lr, decay));
        double current = f.Double("current_learning_rate");
        long iterations = f.Int64("iterations");
        f.Construct(() => optimizer.CurrentLearningRate = current);
        f.Construct(() => optimizer.Iterations = iterations);
        return optimizer;
    }
}
