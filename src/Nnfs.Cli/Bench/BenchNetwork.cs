using System.Diagnostics;
using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Cli.Bench;

/// <summary>
/// The benchmark's network as a library <see cref="Model"/> — Dense and ReLU stacked, Softmax output, categorical
/// cross-entropy (the model fuses its backward with the softmax), categorical accuracy and an optimizer — with
/// benchdata's initial weights (<see cref="Model.SetParameters"/>), trained one batch at a time in the order the
/// caller gives, as the peers' <c>Model.train_step</c>: <see cref="Model.Train"/> draws its own shuffle, so the step
/// is spelled out here with the model's public <see cref="Model.Forward"/> and <see cref="Model.Backward"/>.
/// </summary>
internal sealed class BenchNetwork
{
    private readonly Model _model;
    private readonly Loss _loss;
    private readonly Accuracy _accuracy;
    private readonly Optimizer _optimizer;
    private readonly IOutputActivation _activation;

    /// <summary>Builds sizes[0] → sizes[1] → … with ReLU between dense layers and benchdata's weights.</summary>
    public BenchNetwork(IReadOnlyList<int> sizes, Optimizer optimizer)
    {
        _model = new Model { Report = TrainingReport.None };
        var parameters = new List<IReadOnlyList<Matrix>>();
        for (int i = 0; i + 1 < sizes.Count; i++)
        {
            _model.Add(new Dense(sizes[i], sizes[i + 1]));
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
        _activation = _model.OutputLayerActivation!;
    }

    /// <summary>Per-phase time of the training steps, when not null (the step then runs layer by layer).</summary>
    public PhaseTimes? Profile { get; set; }

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer => _optimizer;

    /// <summary>The model.</summary>
    public Model Model => _model;

    /// <summary>Forward through the model; returns the softmax output.</summary>
    public Matrix Forward(Matrix x, bool training) => Profile is { } p ? ProfiledForward(x, training, p) : _model.Forward(x, training);

    /// <summary>One optimisation step on a batch: forward, loss and accuracy, backward, optimizer update.</summary>
    public void TrainStep(Matrix x, Targets y)
    {
        var output = Forward(x, training: true);
        var p = Profile;
        long t = p?.Start() ?? 0;
        _loss.Calculate(output, y);
        _accuracy.Calculate(_activation.Predictions(output), y);
        if (p is not null)
        {
            t = p.Add("loss + accuracy", t);
            t = ProfiledBackward(output, y, p, t);
        }
        else _model.Backward(output, y);
        _optimizer.PreUpdateParams();
        var trainable = _model.TrainableLayers;
        for (int i = 0; i < trainable.Count; i++) _optimizer.UpdateParams(trainable[i]);
        _optimizer.PostUpdateParams();
        p?.Add("optimizer (Adam)", t);
    }

    private Matrix ProfiledForward(Matrix x, bool training, PhaseTimes p)
    {
        long t = p.Start();
        _model.InputLayer!.Forward(x, training);
        var current = _model.InputLayer.Output;
        foreach (var layer in _model.Layers)
        {
            layer.Forward(current, training);
            current = layer.Output;
            t = p.Add(PhaseName(layer, " forward"), t);
        }
        return current;
    }

    private readonly Dictionary<(Type, string), string> _phaseNames = [];

    private string PhaseName(ILayer layer, string what)
    {
        var key = (layer.GetType(), what);
        if (!_phaseNames.TryGetValue(key, out var name)) _phaseNames[key] = name = layer.GetType().Name + what;
        return name;
    }

    private long ProfiledBackward(Matrix output, Targets y, PhaseTimes p, long t)
    {
        var fused = _model.SoftmaxClassifierOutput!;
        fused.Backward(output, y);
        var dvalues = fused.DInputs;
        t = p.Add("softmax + cross-entropy backward", t);
        var layers = _model.Layers;
        int first = _model.FirstBackwardLayer;
        for (int i = layers.Count - 2; i >= first; i--)
        {
            layers[i].Backward(dvalues);
            if (i > first) dvalues = layers[i].DInputs;
            t = p.Add(PhaseName(layers[i], " backward"), t);
        }
        return t;
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

    /// <summary>Loss and accuracy over a data set in batches (<see cref="Model.Evaluate"/>), as the peers' <c>evaluate</c>.</summary>
    public (double Loss, double Accuracy) Evaluate(Matrix x, int[] y, int batch = 10000)
    {
        var e = _model.Evaluate(x, y, batch);
        return (e.Loss, e.Accuracy);
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
