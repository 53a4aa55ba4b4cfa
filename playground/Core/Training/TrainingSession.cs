using Nnfs.Models;
using Nnfs.Playground.Data;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Playground.Training;

/// <summary>
/// A network being trained on a data set, full batch, a given number of epochs at a time (<see cref="Advance"/>), with
/// every epoch's metrics kept (<see cref="Metrics"/>).
/// </summary>
/// <remarks>
/// <para>An epoch is one <see cref="Model.TrainStep"/> on the whole data set: forward, loss, accuracy, backward, update.
/// After the first epoch nothing is allocated per epoch by the session (the library's step allocates its small
/// prediction matrix). The page calls <see cref="Advance"/> with a chunk of epochs, draws, and yields to the browser.</para>
/// <para>A step whose outputs or loss are not finite stops the session: <see cref="Failure"/> holds the library's
/// message and <see cref="Advance"/> does nothing more.</para>
/// <para>Not thread-safe (the model is not).</para>
/// </remarks>
public sealed class TrainingSession
{
    private readonly RandomState _random;
    private readonly Targets _targets;
    private PlaygroundData? _validationData;

    /// <summary>Generates the data and builds the network and optimizer from <paramref name="settings"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="capacity">Epochs to reserve room for in <see cref="Metrics"/> (it grows beyond). Default 1024.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">The settings have problems (<see cref="PlaygroundSettings.Problems"/>); the
    /// message lists them.</exception>
    public TrainingSession(PlaygroundSettings settings, int capacity = 1024)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problems() is { Count: > 0 } problems) throw new ArgumentException(string.Join(" ", problems), nameof(settings));
        Settings = settings;
        _random = new RandomState(settings.Seed);
        Data = settings.Data.Generate(_random);
        if (settings.Validation == ValidationDraw.BeforeNetwork) _validationData = ValidationChoice.Generate(_random);
        Model = new Model(_random) { Report = TrainingReport.None };
        settings.Network.AddTo(Model, Data.X.Columns, Data.Classes, _random);
        Model.Set(optimizer: settings.Optimizer.Create());
        Model.Build();
        _targets = Data.Targets(settings.Network.BinaryOutput);
        Model.Accuracy!.Init(_targets);
        Metrics = new MetricSeries(capacity);
    }

    /// <summary>The settings the session was made from.</summary>
    public PlaygroundSettings Settings { get; }

    /// <summary>The training data.</summary>
    public PlaygroundData Data { get; }

    /// <summary>The network, with its loss, optimizer and accuracy.</summary>
    public Model Model { get; }

    /// <summary>Every epoch's metrics so far.</summary>
    public MetricSeries Metrics { get; }

    /// <summary>The epochs done so far.</summary>
    public int Epoch => Metrics.Count;

    /// <summary>Why training stopped (the loss or outputs stopped being finite), or null while it can go on.</summary>
    public string? Failure { get; private set; }

    /// <summary>The validation measured after epoch <see cref="PlaygroundSettings.ValidateAfter"/>, once reached; else null.</summary>
    public Validation? Validation { get; private set; }

    /// <summary>The numeric path the session trains on.</summary>
    public NumericPath Path => Settings.BookArithmetic ? NumericPath.Exact : NumericPath.Fast;

    private Data.DataSetChoice ValidationChoice => Settings.Data with { Samples = Settings.ValidationSamples };

    /// <summary>Trains <paramref name="epochs"/> more epochs (fewer if a step fails; see <see cref="Failure"/>).</summary>
    /// <returns>The epochs actually done.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is negative.</exception>
    public int Advance(int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        if (Failure is not null || epochs == 0) return 0;
        using var path = UsePath();
        for (int done = 0; done < epochs; done++)
        {
            StepResult step;
            try
            {
                step = Model.TrainStep(Data.X, _targets);
            }
            catch (TrainingDivergedException e)
            {
                Failure = e.Message;
                return done;
            }
            Metrics.Add(step.DataLoss, step.RegularizationLoss, step.Accuracy, step.LearningRate);
            if (Epoch == Settings.ValidateAfter && Settings.Validation != ValidationDraw.None) Validation = Validate();
        }
        return epochs;
    }

    /// <summary>
    /// The network's outputs for <paramref name="inputs"/> (no dropout), written into <paramref name="outputs"/> row by
    /// row; the layers' buffers are reused, so this allocates nothing once they have grown to the batch.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> has the wrong width, or <paramref name="outputs"/>
    /// is not rows × output width long.</exception>
    public void Outputs(Matrix inputs, Span<float> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Columns != Data.X.Columns)
            throw new ArgumentException($"The network takes {Data.X.Columns} features, got {inputs.Shape}.", nameof(inputs));
        int width = Settings.Network.OutputWidth(Data.Classes);
        if (outputs.Length != inputs.Rows * width)
            throw new ArgumentException($"Outputs need {inputs.Rows} × {width} values, got {outputs.Length}.", nameof(outputs));
        using var path = UsePath();
        Model.Forward(inputs, training: false).Span.CopyTo(outputs);
    }

    // The session's path for the duration of a call; nothing to set (and nothing allocated) when it is already current.
    private IDisposable? UsePath() => Engine.Path == Path ? null : Engine.UsePath(Path);

    private Validation Validate()
    {
        var data = _validationData;
        if (data is null)
        {
            var copy = new RandomState(0);
            copy.SetState(_random.GetState());
            data = ValidationChoice.Generate(copy);
        }
        var evaluation = Model.Evaluate(data.X, data.Targets(Settings.Network.BinaryOutput));
        return new Validation(Epoch, evaluation.Accuracy, evaluation.Loss);
    }
}
