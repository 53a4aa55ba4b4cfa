using BenchmarkDotNet.Attributes;
using Nnfs.Models;
using Nnfs.Tensors;

namespace Nnfs.Benchmarks.Micro;

/// <summary>
/// BenchmarkDotNet timing of one training step of the 784-128-128-10 network on a batch of 128, as the side-by-side worker
/// times it (without the batch gather): the model's forward, loss, accuracy, backward and Adam update, on the fast
/// and the exact path, at 1 and 2 threads. Allocations per step should be zero. Every iteration starts again from the
/// initial weights and step count and runs 256 steps: trained on one batch for millions of steps, the network
/// memorises it and the step measured ~50 % slower (probably gradients shrinking to subnormal floats).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(256)]
public class TrainingStepBenchmarks
{
    private IReadOnlyList<Matrix[]> _initial = null!;
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
        _model = BenchmarkNetwork.Build();
        (_x, _y) = BenchmarkNetwork.Batch(128, seed: 1);
        _initial = _model.GetParameters();
    }

    /// <summary>Back to the initial weights and the first step's learning rate and bias corrections.</summary>
    [IterationSetup]
    public void Restart()
    {
        // Engine's settings are AsyncLocal, and setting one allocates: set here, outside the timed calls (set in the
        // global setup, they did not reach the timed calls once this class had an iteration setup).
        Engine.Threads = Threads;
        Engine.Path = Path;
        _model.SetParameters(_initial);
        _model.Optimizer!.Iterations = 0;
    }

    /// <summary>Forward, loss, accuracy, backward, optimizer update (<see cref="Model.TrainStep"/>).</summary>
    [Benchmark]
    public double Step() => _model.TrainStep(_x, _y).Loss;
}
