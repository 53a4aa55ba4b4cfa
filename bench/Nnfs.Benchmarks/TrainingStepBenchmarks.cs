using BenchmarkDotNet.Attributes;
using Nnfs.Models;
using Nnfs.Tensors;

namespace Nnfs.Benchmarks;

/// <summary>
/// BenchmarkDotNet timing of one training step of the 784-128-128-10 network on a batch of 128 (the step that
/// `nnfs bench` times per epoch): the model's forward, loss, backward and Adam update, on the fast and the exact
/// path, at 1 and 2 threads. Allocations per step should be zero.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private Model _model = null!;
    private Matrix _x = null!;
    private Targets _y = null!;

    /// <summary>Kernel threads (<see cref="Engine.Threads"/>).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>The numeric path (<see cref="Engine.Path"/>).</summary>
    [Params(NumericPath.Fast, NumericPath.Exact)]
    public NumericPath Path { get; set; }

    /// <summary>Builds the network and a batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        // Set once here: Engine's settings are AsyncLocal, and setting one allocates (it persists on this thread).
        Engine.Threads = Threads;
        Engine.Path = Path;
        _model = BenchmarkNetwork.Build();
        (_x, _y) = BenchmarkNetwork.Batch(128, seed: 1);
    }

    /// <summary>Forward, loss, backward, optimizer update.</summary>
    [Benchmark]
    public float Step()
    {
        var output = _model.Forward(_x, training: true);
        float loss = _model.Loss!.Calculate(output, _y);
        _model.Backward(output, _y);
        var optimizer = _model.Optimizer!;
        optimizer.PreUpdateParams();
        var layers = _model.TrainableLayers;
        for (int i = 0; i < layers.Count; i++) optimizer.UpdateParams(layers[i]);
        optimizer.PostUpdateParams();
        return loss;
    }
}
