using System.Diagnostics;
using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Benchmarks.SideBySide;

/// <summary>
/// The benchmark's network as a library <see cref="Model"/> — Dense and ReLU stacked, Softmax output, categorical
/// cross-entropy (the model fuses its backward with the softmax), categorical accuracy and an optimizer — with
/// benchdata's initial weights (<see cref="Model.SetParameters"/>), trained one batch at a time in the order the
/// caller gives, as the peers' <c>Model.train_step</c>: <see cref="Model.Train"/> draws its own shuffle, so the
/// batches are fed here to the model's <see cref="Model.TrainStep"/>.
/// </summary>
internal sealed class BenchNetwork
{
    private readonly Model _model;
    private readonly Loss _loss;
    private readonly Accuracy _accuracy;
    private readonly Optimizer _optimizer;

    /// <summary>Builds sizes[0] → sizes[1] → … with ReLU between dense layers and benchdata's weights.</summary>
    public BenchNetwork(IReadOnlyList<int> sizes, Optimizer optimizer)
    {
        _model = new Model { Report = TrainingReport.None };
        var parameters = new List<IReadOnlyList<Matrix>>();
        for (int i = 0; i + 1 < sizes.Count; i++)
        {
            _model.Add(Dense.ForLoading(sizes[i], sizes[i + 1], 0f, 0f, 0f, 0f));
            _model.Add(i + 2 < sizes.Count ? new ReLU() : new Softmax());
            var (w, b) = BenchData.DenseInit(i, sizes[i], sizes[i + 1]);
            parameters.Add([w, b]);
        }
        _model.Set(loss: new CategoricalCrossEntropy(), optimizer: optimizer, accuracy: new CategoricalAccuracy());
        _model.Build();
        _model.SetParameters(parameters);
        _loss = _model.Loss!;
        _accuracy = _model.Accuracy!;
        _optimizer = optimizer;
    }

    private PhaseTimes? _profile;
    private long _stageStart;
    private readonly Dictionary<(int First, int Count, bool Backward), string> _stageNames = [];

    /// <summary>
    /// Per-phase time of the training steps, when not null: the model's own <see cref="Model.Forward"/> and
    /// <see cref="Model.Backward"/> run as in the timed step, with a timestamp after each of their stages (a layer,
    /// or a fused pass of several, reported as such).
    /// </summary>
    public PhaseTimes? Profile
    {
        get => _profile;
        set
        {
            _profile = value;
            _model.StageObserver = value is null ? null : OnStage;
        }
    }

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer => _optimizer;

    /// <summary>The model.</summary>
    public Model Model => _model;

    /// <summary>Forward through the model; returns the softmax output.</summary>
    public Matrix Forward(Matrix x, bool training)
    {
        if (_profile is { } p) _stageStart = p.Start();
        return _model.Forward(x, training);
    }

    /// <summary>One optimisation step on a batch (<see cref="Model.TrainStep"/>): forward, loss and accuracy,
    /// backward, optimizer update.</summary>
    public void TrainStep(Matrix x, Targets y)
    {
        if (_profile is { } p) _stageStart = p.Start();
        _model.TrainStep(x, y);
    }

    private void OnStage(int first, int count, bool backward) => _stageStart = _profile!.Add(StageName(first, count, backward), _stageStart);

    // "Dense forward", "Dense + ReLU forward (fused)", "softmax + cross-entropy backward", …; built once per stage.
    private string StageName(int first, int count, bool backward)
    {
        if (_stageNames.TryGetValue((first, count, backward), out var name)) return name;
        var layers = _model.Layers;
        if (first < 0)
            name = $"optimizer ({_optimizer.GetType().Name})";
        else if (count == 0 && !backward)
            name = "loss + accuracy";
        else if (count == 0)
            name = _model.SoftmaxClassifierOutput is null ? "loss backward" : "softmax + cross-entropy backward";
        else
        {
            name = string.Join(" + ", layers.Skip(first).Take(count).Select(l => l.GetType().Name)) + (backward ? " backward" : " forward");
            if (count > 1) name += " (fused)";
        }
        _stageNames[(first, count, backward)] = name;
        return name;
    }

    /// <summary>Starts a new accumulation of loss and accuracy (an epoch).</summary>
    public void NewPass()
    {
        _loss.NewPass();
        _accuracy.NewPass();
    }

    /// <summary>Mean loss over the samples since <see cref="NewPass"/>.</summary>
    public double AccumulatedLoss => _loss.CalculateAccumulated();

    /// <summary>Accuracy over the samples since <see cref="NewPass"/>.</summary>
    public double AccumulatedAccuracy => _accuracy.CalculateAccumulated();

    /// <summary>Loss and accuracy over a data set in batches (<see cref="Model.Evaluate"/>), as the peers' <c>evaluate</c>;
    /// not part of the training profile.</summary>
    public (double Loss, double Accuracy) Evaluate(Matrix x, int[] y, int batch = 10000)
    {
        var observer = _model.StageObserver;
        _model.StageObserver = null;
        try
        {
            var e = _model.Evaluate(x, y, batch);
            return (e.Loss, e.Accuracy);
        }
        finally { _model.StageObserver = observer; }
    }
}

/// <summary>Accumulated Stopwatch ticks by phase name, in first-seen order.</summary>
internal sealed class PhaseTimes
{
    private readonly Dictionary<string, long> _ticks = [];
    private readonly List<string> _order = [];

    /// <summary>A timestamp to pass to <see cref="Add"/>.</summary>
    public long Start() => Stopwatch.GetTimestamp();

    /// <summary>Adds the time since <paramref name="since"/> to <paramref name="phase"/>; returns now.</summary>
    public long Add(string phase, long since)
    {
        long now = Stopwatch.GetTimestamp();
        if (!_ticks.TryGetValue(phase, out long ticks)) _order.Add(phase);
        _ticks[phase] = ticks + (now - since);
        return now;
    }

    /// <summary>Seconds by phase.</summary>
    public IEnumerable<(string Phase, double Seconds)> Seconds =>
        _order.Select(p => (p, _ticks[p] / (double)Stopwatch.Frequency));
}
