namespace Nnfs.Cli.Commands;

/// <summary>Hidden-layer activation (<c>--activation</c>).</summary>
internal enum HiddenActivation
{
    /// <summary>ReLU (the book's default).</summary>
    Relu,

    /// <summary>Sigmoid.</summary>
    Sigmoid,
}

/// <summary>Optimizer (<c>--optimizer</c>).</summary>
internal enum OptimizerKind
{
    /// <summary>Stochastic gradient descent, with optional momentum.</summary>
    Sgd,

    /// <summary>AdaGrad.</summary>
    Adagrad,

    /// <summary>RMSprop.</summary>
    Rmsprop,

    /// <summary>Adam (the book's choice for Fashion-MNIST).</summary>
    Adam,
}

/// <summary>Everything <c>nnfs train</c> needs, with every default resolved.</summary>
internal sealed record TrainSettings
{
    /// <summary>The data set.</summary>
    public required DatasetChoice Dataset { get; init; }

    /// <summary>Folder holding the IDX files, or null to search the usual places.</summary>
    public string? DataDir { get; init; }

    /// <summary>Samples per class for spiral/vertical.</summary>
    public int Samples { get; init; } = DataLoading.DefaultSamples;

    /// <summary>Classes for spiral/vertical.</summary>
    public int Classes { get; init; } = DataLoading.DefaultClasses;

    /// <summary>Hidden layer sizes, input to output.</summary>
    public required int[] Hidden { get; init; }

    /// <summary>Hidden activation.</summary>
    public HiddenActivation Activation { get; init; } = HiddenActivation.Relu;

    /// <summary>Optimizer kind.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Initial learning rate.</summary>
    public required double LearningRate { get; init; }

    /// <summary>Learning-rate decay (<c>lr / (1 + decay · iterations)</c>).</summary>
    public double Decay { get; init; }

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; }

    /// <summary>L2 penalty on the hidden layers' weights and biases.</summary>
    public double L2 { get; init; }

    /// <summary>Dropout rate after each hidden activation, 0 for none.</summary>
    public double Dropout { get; init; }

    /// <summary>Epochs.</summary>
    public required int Epochs { get; init; }

    /// <summary>Batch size, or null for full batch.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Seed of the generator used for shuffling, splitting, initialization and dropout.</summary>
    public uint Seed { get; init; }

    /// <summary>Kernel threads, or null for the default (all cores).</summary>
    public int? Threads { get; init; }

    /// <summary>Use the exact numeric path.</summary>
    public bool Exact { get; init; }

    /// <summary>Reshuffle the training set every epoch.</summary>
    public bool Shuffle { get; init; }

    /// <summary>What to validate on.</summary>
    public required ValidationChoice Validation { get; init; }

    /// <summary>Model file to write, or null not to save (<c>--no-save</c>).</summary>
    public required string? Output { get; init; }

    /// <summary>PNG file prefix, or null for no plots.</summary>
    public string? PlotPrefix { get; init; }

    /// <summary>Book report: print every this many steps (batches) or epochs (full batch).</summary>
    public required int PrintEvery { get; init; }

    /// <summary>The saved run this one continues (<c>--resume</c>), or null for a new run.</summary>
    public ResumedRun? Resume { get; init; }

    /// <summary>Short description of the optimizer for the summary.</summary>
    public string OptimizerText => Optimizer switch
    {
        OptimizerKind.Sgd => FormattableString.Invariant($"SGD(lr={LearningRate:g}, decay={Decay:g}, momentum={Momentum:g})"),
        OptimizerKind.Adagrad => FormattableString.Invariant($"AdaGrad(lr={LearningRate:g}, decay={Decay:g})"),
        OptimizerKind.Rmsprop => FormattableString.Invariant($"RMSprop(lr={LearningRate:g}, decay={Decay:g})"),
        _ => FormattableString.Invariant($"Adam(lr={LearningRate:g}, decay={Decay:g})"),
    };
}
