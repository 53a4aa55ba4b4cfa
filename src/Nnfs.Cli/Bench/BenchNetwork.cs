using System.Diagnostics;
using Nnfs.Activations;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Cli.Bench;

/// <summary>
/// The benchmark's network built from the library's public layers — Dense and ReLU stacked, Softmax output,
/// categorical cross-entropy, the fused softmax/cross-entropy backward, categorical accuracy and an optimizer — with
/// benchdata's initial weights, trained one batch at a time in the order the caller gives (as the peers'
/// <c>Model.train_step</c>).
/// </summary>
internal sealed class BenchNetwork
{
    private readonly Dense[] _dense;
    private readonly ReLU[] _relu;
    private readonly Softmax _softmax = new();
    private readonly CategoricalCrossEntropy _loss = new();
    private readonly SoftmaxCategoricalCrossEntropy _softmaxLoss = new();
    private readonly CategoricalAccuracy _accuracy = new();
    private readonly Optimizer _optimizer;

    /// <summary>Builds sizes[0] → sizes[1] → … with ReLU between dense layers and benchdata's weights.</summary>
    public BenchNetwork(IReadOnlyList<int> sizes, Optimizer optimizer)
    {
        _optimizer = optimizer;
        _dense = new Dense[sizes.Count - 1];
        for (int i = 0; i < _dense.Length; i++)
        {
            _dense[i] = new Dense(sizes[i], sizes[i + 1]);
            var (w, b) = BenchData.DenseInit(i, sizes[i], sizes[i + 1]);
            _dense[i].SetParameters(w, b);
        }
        _relu = new ReLU[_dense.Length - 1];
        for (int i = 0; i < _relu.Length; i++) _relu[i] = new ReLU();
    }

    /// <summary>Per-phase time of the training steps, when not null (Stopwatch ticks by phase name).</summary>
    public PhaseTimes? Profile { get; set; }

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer => _optimizer;

    /// <summary>Forward through every layer; returns the softmax output.</summary>
    public Matrix Forward(Matrix x, bool training)
    {
        var p = Profile;
        long t = p?.Start() ?? 0;
        var output = x;
        for (int i = 0; i < _dense.Length; i++)
        {
            _dense[i].Forward(output, training);
            output = _dense[i].Output;
            if (p is not null) t = p.Add("dense forward", t);
            if (i < _relu.Length)
            {
                _relu[i].Forward(output, training);
                output = _relu[i].Output;
                if (p is not null) t = p.Add("ReLU forward", t);
            }
        }
        _softmax.Forward(output, training);
        p?.Add("softmax forward", t);
        return _softmax.Output;
    }

    /// <summary>One optimisation step on a batch: forward, loss and accuracy, backward, optimizer update.</summary>
    public void TrainStep(Matrix x, Targets y)
    {
        var output = Forward(x, training: true);
        var p = Profile;
        long t = p?.Start() ?? 0;
        _loss.Calculate(output, y);
        _accuracy.Calculate(_softmax.Predictions(output), y);
        if (p is not null) t = p.Add("loss + accuracy", t);
        _softmaxLoss.Backward(output, y);
        var d = _softmaxLoss.DInputs;
        if (p is not null) t = p.Add("softmax + cross-entropy backward", t);
        for (int i = _dense.Length - 1; i >= 0; i--)
        {
            _dense[i].Backward(d);
            if (p is not null) t = p.Add("dense backward", t);
            if (i > 0)
            {
                _relu[i - 1].Backward(_dense[i].DInputs);
                d = _relu[i - 1].DInputs;
                if (p is not null) t = p.Add("ReLU backward", t);
            }
        }
        _optimizer.PreUpdateParams();
        foreach (var dense in _dense) _optimizer.UpdateParams(dense);
        _optimizer.PostUpdateParams();
        p?.Add("optimizer (Adam)", t);
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

    /// <summary>Loss and accuracy over a data set in batches, as the peers' <c>evaluate</c>.</summary>
    public (double Loss, double Accuracy) Evaluate(Matrix x, int[] y, int batch = 10000)
    {
        NewPass();
        for (int s = 0; s < x.Rows; s += batch)
        {
            int n = Math.Min(batch, x.Rows - s);
            var xb = new Matrix(n, x.Columns);
            x.Span.Slice(s * x.Columns, n * x.Columns).CopyTo(xb.Span);
            Targets yb = y.AsSpan(s, n).ToArray();
            var output = Forward(xb, training: false);
            _loss.Calculate(output, yb);
            _accuracy.Calculate(_softmax.Predictions(output), yb);
        }
        return (AccumulatedLoss, AccumulatedAccuracy);
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
