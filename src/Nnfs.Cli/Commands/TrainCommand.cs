using System.CommandLine;
using System.Globalization;

namespace Nnfs.Cli.Commands;

/// <summary>
/// <c>nnfs train</c>: builds a dense classifier (or regressor) for a data set, trains it, reports progress and
/// validation, saves the model and optionally plots the curves.
/// </summary>
/// <remarks>
/// Defaults depend on the data set (see <see cref="Recipe"/>). With no options, <c>nnfs train</c> is the book's
/// chapter 19 run: Fashion-MNIST, 784-128-128-10, ReLU, softmax + categorical cross-entropy, Adam(lr 0.001, decay
/// 1e-3), batch 128, 10 epochs, the keyed shuffle of the training set with seed 0, validation on the test set after
/// every epoch, saved to <c>fashion_mnist.model</c>.
/// </remarks>
internal static class TrainCommand
{
    /// <summary>Per-data-set defaults for options the user did not give.</summary>
    /// <param name="Hidden">Hidden layer sizes.</param>
    /// <param name="AdamLearningRate">Learning rate when the optimizer is Adam (other optimizers use their own default).</param>
    /// <param name="Decay">Learning-rate decay.</param>
    /// <param name="Epochs">Epochs.</param>
    /// <param name="BatchSize">Batch size, or null for full batch.</param>
    /// <param name="PrintEvery">Report interval (steps with batches, epochs with full batch).</param>
    /// <param name="Validation">What to validate on.</param>
    internal sealed record Recipe(int[] Hidden, double AdamLearningRate, double Decay, int Epochs, int? BatchSize, int PrintEvery, ValidationChoice Validation)
    {
        /// <summary>The defaults of <paramref name="kind"/>.</summary>
        public static Recipe For(DatasetKind kind) => kind switch
        {
            DatasetKind.FashionMnist or DatasetKind.Mnist => new([128, 128], 0.001, 1e-3, 10, 128, 100, new(ValidationKind.Test)),
            DatasetKind.Spiral or DatasetKind.Vertical => new([64], 0.05, 5e-7, 1000, null, 100, new(ValidationKind.Test)),
            DatasetKind.Sine => new([64, 64], 0.005, 1e-3, 2000, null, 100, new(ValidationKind.Test)),
            _ => new([64], 0.01, 0, 200, null, 20, new(ValidationKind.Fraction, 0.2)),
        };
    }

    /// <summary>The largest <c>--samples</c> (per class) for spiral and vertical.</summary>
    internal const int MaxSamples = 100_000;

    /// <summary>The largest <c>--classes</c> for spiral and vertical.</summary>
    internal const int MaxClasses = 100;

    /// <summary>The largest <c>--threads</c>.</summary>
    internal const int MaxThreads = 1024;

    /// <summary>The options of one <c>train</c> command instance.</summary>
    internal sealed class Options
    {
        internal readonly Option<DatasetChoice> DatasetOption = new Option<DatasetChoice>("--dataset", "-d")
        {
            Description = "Data set: fashion-mnist, mnist, spiral, vertical, sine, or a path to a CSV file (label in the last column).",
            HelpName = "name|file.csv",
            DefaultValueFactory = _ => DatasetChoice.Default,
        }.WithParser(DatasetChoice.Parse);

        internal readonly Option<string?> DataDirOption = new("--data-dir")
        {
            Description = "Folder with the IDX files (default: $NNFS_DATA, ~/.cache/nnfs, /usr/share/datasets, else download).",
            HelpName = "folder",
        };

        internal readonly Option<int?> SamplesOption = new Option<int?>("--samples")
        {
            Description = "spiral/vertical: samples per class, 1 to 100000 [default: 100].",
        }.WholeNumber(1, MaxSamples);

        internal readonly Option<int?> ClassesOption = new Option<int?>("--classes")
        {
            Description = "spiral/vertical: number of classes, 2 to 100 [default: 3].",
        }.WholeNumber(2, MaxClasses);

        internal readonly Option<int[]?> HiddenOption = new Option<int[]?>("--hidden")
        {
            Description = "Hidden layer sizes, comma-separated, or 'none' [default: 128,128 for images, 64 for spiral/vertical/CSV, 64,64 for sine].",
            HelpName = "sizes",
            Arity = ArgumentArity.ExactlyOne,
        }.WithParser(t => OptionParsers.HiddenSizes(t));

        internal readonly Option<string> ActivationOption = new Option<string>("--activation")
        {
            Description = "Hidden activation.",
            HelpName = "relu|sigmoid",
            DefaultValueFactory = _ => "relu",
        }.WithParser(t => ParseEnum<HiddenActivation>(t, "--activation", "relu", "sigmoid").ToString().ToLowerInvariant());

        internal readonly Option<string> OptimizerOption = new Option<string>("--optimizer")
        {
            Description = "Optimizer.",
            HelpName = "sgd|adagrad|rmsprop|adam",
            DefaultValueFactory = _ => "adam",
        }.WithParser(t => ParseEnum<OptimizerKind>(t, "--optimizer", "sgd", "adagrad", "rmsprop", "adam").ToString().ToLowerInvariant());

        internal readonly Option<double?> LearningRateOption = new Option<double?>("--learning-rate", "--lr")
        {
            Description = "Initial learning rate [default: Adam 0.001 for images, 0.05 spiral/vertical, 0.005 sine, 0.01 CSV; otherwise the optimizer's default: SGD 1, AdaGrad 1, RMSprop 0.001].",
        }.Number(0, exclusiveMin: true);

        internal readonly Option<double?> DecayOption = new Option<double?>("--decay")
        {
            Description = "Learning-rate decay, lr/(1 + decay*step) [default: 1e-3 images and sine, 5e-7 spiral/vertical, 0 CSV].",
        }.Number(0);

        internal readonly Option<double?> MomentumOption = new Option<double?>("--momentum")
        {
            Description = "SGD momentum in [0, 1) [default: 0]; only with --optimizer sgd.",
        }.Number(0, below: 1);

        internal readonly Option<double> L2Option = new Option<double>("--l2")
        {
            Description = "L2 penalty on the hidden layers' weights and biases (the book uses 5e-4).",
            DefaultValueFactory = _ => 0,
        }.Number(0);

        internal readonly Option<double> DropoutOption = new Option<double>("--dropout")
        {
            Description = "Dropout rate after each hidden activation, in [0, 1) (0 = none).",
            DefaultValueFactory = _ => 0,
        }.Number(0, below: 1);

        internal readonly Option<int?> EpochsOption = new Option<int?>("--epochs", "-e")
        {
            Description = "Epochs [default: 10 images, 1000 spiral/vertical, 2000 sine, 200 CSV].",
        }.WholeNumber(1);

        internal readonly Option<int> BatchSizeOption = new Option<int>("--batch-size", "-b")
        {
            Description = "Samples per step, or 'none' for full batch [default: 128 images, full batch otherwise].",
            HelpName = "n|none",
        }.WithParser(ParseBatchSize);

        internal readonly Option<uint> SeedOption = new Option<uint>("--seed")
        {
            Description = "Random seed for shuffling, initialization, splitting and dropout (0 = the book's nnfs.init()).",
            DefaultValueFactory = _ => 0,
        }.Unsigned();

        internal readonly Option<int?> ThreadsOption = new Option<int?>("--threads")
        {
            Description = "Threads for the matrix kernels, 1 to 1024 [default: all cores].",
        }.WholeNumber(1, MaxThreads);

        internal readonly Option<bool> ExactOption = new("--exact")
        {
            Description = "Use the exact numeric path (double accumulation, NumPy-like results; slower).",
        };

        internal readonly Option<bool> ShuffleOption = new("--shuffle")
        {
            Description = "Reshuffle the training set every epoch (the book keeps one fixed order).",
        };

        internal readonly Option<ValidationChoice?> ValidationOption = new Option<ValidationChoice?>("--validation")
        {
            Description = "Validate after every epoch on: 'test' (the data set's test set; a fresh draw for spiral/vertical), 'none', or a fraction of the training set held out, e.g. 0.1 [default: test; 0.2 for CSV].",
            HelpName = "test|none|fraction",
        }.WithParser(t => OptionParsers.Validation(t));

        internal readonly Option<string?> OutputOption = new("--output", "-o")
        {
            Description = "Model file to write; missing folders are created [default: <dataset>.model, e.g. fashion_mnist.model].",
            HelpName = "file",
        };

        internal readonly Option<bool> NoSaveOption = new("--no-save")
        {
            Description = "Do not write a model file (Ctrl+C then saves nothing either).",
        };

        internal readonly Option<string?> PlotOption = new("--plot")
        {
            Description = "Write PNG plots PREFIX-loss.png, PREFIX-accuracy.png and, for 2-D data, PREFIX-regions.png; missing folders are created.",
            HelpName = "prefix",
        };

        internal readonly Option<string?> ResumeOption = new("--resume")
        {
            Description = "Continue the run saved in FILE by nnfs train (interrupted, or finished: then give a larger --epochs): its settings, weights, optimizer state, epoch count and random state, ending as the uninterrupted run would. Only --epochs (the new total), --output (default: FILE), --no-save, --plot, --print-every, --threads and --data-dir may be given with it.",
            HelpName = "file",
        };

        internal readonly Option<int?> PrintEveryOption = new Option<int?>("--print-every")
        {
            Description = "Book report: a line every N steps (batches) or N epochs (full batch) [default: 100; 20 for CSV].",
        }.WholeNumber(1);

        /// <summary>Every option, in help order.</summary>
        internal Option[] All =>
        [
            DatasetOption, DataDirOption, SamplesOption, ClassesOption, HiddenOption, ActivationOption, OptimizerOption,
            LearningRateOption, DecayOption, MomentumOption, L2Option, DropoutOption, EpochsOption, BatchSizeOption,
            SeedOption, ThreadsOption, ExactOption, ShuffleOption, ValidationOption, OutputOption, NoSaveOption, PlotOption,
            PrintEveryOption, ResumeOption,
        ];

        /// <summary>The options that may be given with <c>--resume</c>.</summary>
        internal Option[] AllowedWithResume =>
            [ResumeOption, EpochsOption, OutputOption, NoSaveOption, PlotOption, PrintEveryOption, ThreadsOption, DataDirOption];
    }

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var o = new Options();
        var command = new Command("train", "Train a model on a data set and save it. Without options: the book's Fashion-MNIST model (chapter 19). Ctrl+C stops at the end of the current step and saves the last completed epoch; --resume continues.");
        foreach (var option in o.All) command.Add(option);
        command.SetAction((parse, cancellation) => Task.FromResult(CommandRunner.Run(parse, (output, _) =>
        {
            using var cooperate = Interrupts.Cooperate();
            Trainer.Run(Resolve(parse, o), output, parse.InvocationConfiguration.Error, CommandRunner.UseProgressBar(output), cancellation);
            return 0;
        })));
        return command;
    }

    /// <summary>Turns parsed options into settings, filling in the data set's defaults.</summary>
    /// <exception cref="ArgumentException">Options that do not go together.</exception>
    internal static TrainSettings Resolve(ParseResult parse, Options o)
    {
        if (parse.GetValue(o.NoSaveOption) && parse.GetValue(o.OutputOption) is not null)
            throw new ArgumentException("--output and --no-save cannot be used together");
        if (parse.GetValue(o.ResumeOption) is { } resumePath) return ResolveResume(parse, o, resumePath);
        var dataset = parse.GetValue(o.DatasetOption)!;
        var recipe = Recipe.For(dataset.Kind);
        var optimizer = Enum.Parse<OptimizerKind>(parse.GetValue(o.OptimizerOption)!, ignoreCase: true);
        double? momentum = parse.GetValue(o.MomentumOption);
        if (momentum is not null && optimizer != OptimizerKind.Sgd)
            throw new ArgumentException($"--momentum applies to --optimizer sgd only, not {optimizer.ToString().ToLowerInvariant()}");
        var validation = parse.GetValue(o.ValidationOption) ?? recipe.Validation;
        if (validation.Kind == ValidationKind.Test && dataset.Kind == DatasetKind.Csv)
            throw new ArgumentException("--validation test: a CSV data set has no test set; use a fraction (e.g. 0.2) or none");
        if (!dataset.IsImages && parse.GetValue(o.DataDirOption) is not null)
            throw new ArgumentException($"--data-dir applies to fashion-mnist and mnist, not {dataset.Name}");
        if (dataset.Kind is not (DatasetKind.Spiral or DatasetKind.Vertical)
            && (parse.GetValue(o.SamplesOption) is not null || parse.GetValue(o.ClassesOption) is not null))
            throw new ArgumentException($"--samples and --classes apply to spiral and vertical, not {dataset.Name}");
        int? batch = parse.GetResult(o.BatchSizeOption) is { Tokens.Count: > 0 } ? parse.GetValue(o.BatchSizeOption) is int b and > 0 ? b : null : recipe.BatchSize;
        double learningRate = parse.GetValue(o.LearningRateOption) ?? optimizer switch
        {
            OptimizerKind.Adam => recipe.AdamLearningRate,
            OptimizerKind.Rmsprop => 0.001,
            _ => 1.0,
        };
        return new TrainSettings
        {
            Dataset = dataset,
            DataDir = parse.GetValue(o.DataDirOption),
            Samples = parse.GetValue(o.SamplesOption) ?? DataLoading.DefaultSamples,
            Classes = parse.GetValue(o.ClassesOption) ?? DataLoading.DefaultClasses,
            Hidden = parse.GetResult(o.HiddenOption) is { Tokens.Count: > 0 } ? parse.GetValue(o.HiddenOption)! : recipe.Hidden,
            Activation = Enum.Parse<HiddenActivation>(parse.GetValue(o.ActivationOption)!, ignoreCase: true),
            Optimizer = optimizer,
            LearningRate = learningRate,
            Decay = parse.GetValue(o.DecayOption) ?? recipe.Decay,
            Momentum = momentum ?? 0,
            L2 = parse.GetValue(o.L2Option),
            Dropout = parse.GetValue(o.DropoutOption),
            Epochs = parse.GetValue(o.EpochsOption) ?? recipe.Epochs,
            BatchSize = batch,
            Seed = parse.GetValue(o.SeedOption),
            Threads = parse.GetValue(o.ThreadsOption),
            Exact = parse.GetValue(o.ExactOption),
            Shuffle = parse.GetValue(o.ShuffleOption),
            Validation = validation,
            Output = parse.GetValue(o.NoSaveOption) ? null : parse.GetValue(o.OutputOption) ?? dataset.DefaultModelFile,
            PlotPrefix = parse.GetValue(o.PlotOption),
            PrintEvery = parse.GetValue(o.PrintEveryOption) ?? recipe.PrintEvery,
        };
    }

    /// <summary>
    /// The settings of a resumed run: those recorded in the file, with the options that may change (the new total of
    /// epochs, where to save and plot, the report interval, threads, the data folder).
    /// </summary>
    /// <exception cref="ArgumentException">An option that would change the run was given.</exception>
    private static TrainSettings ResolveResume(ParseResult parse, Options o, string path)
    {
        foreach (var option in o.All.Except(o.AllowedWithResume))
            if (parse.GetResult(option) is { Implicit: false })
                throw new ArgumentException($"{option.Name} cannot be given with --resume: the run's settings are read from {path}");
        var resume = ResumedRun.Load(path);
        var saved = resume.Checkpoint.Settings;
        if (!saved.Dataset.IsImages && parse.GetValue(o.DataDirOption) is not null)
            throw new ArgumentException($"--data-dir applies to fashion-mnist and mnist, not {saved.Dataset.Name}");
        return saved with
        {
            DataDir = parse.GetValue(o.DataDirOption),
            Epochs = parse.GetValue(o.EpochsOption) ?? saved.Epochs,
            Threads = parse.GetValue(o.ThreadsOption),
            Output = parse.GetValue(o.NoSaveOption) ? null : parse.GetValue(o.OutputOption) ?? path,
            PlotPrefix = parse.GetValue(o.PlotOption),
            PrintEvery = parse.GetValue(o.PrintEveryOption) ?? Recipe.For(saved.Dataset.Kind).PrintEvery,
            Resume = resume,
        };
    }

    /// <summary><c>--batch-size</c>: a positive size, or 0 for <c>none</c>/<c>full</c> (full batch).</summary>
    private static int ParseBatchSize(string text)
    {
        string t = text.Trim();
        if (t.Equals("none", StringComparison.OrdinalIgnoreCase) || t.Equals("full", StringComparison.OrdinalIgnoreCase)) return 0;
        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1) return n;
        throw new FormatException($"--batch-size: expected a positive integer or 'none', got '{text}'");
    }

    /// <summary>Parses one of <paramref name="names"/> (case-insensitive) into the enum member of the same name.</summary>
    internal static T ParseEnum<T>(string text, string option, params string[] names) where T : struct, Enum
    {
        string t = text.Trim();
        if (names.Contains(t, StringComparer.OrdinalIgnoreCase) && Enum.TryParse(t, ignoreCase: true, out T value)) return value;
        throw new FormatException($"{option}: expected {string.Join(", ", names)}, got '{text}'");
    }
}
