using BenchmarkDotNet.Attributes;
using Nnfs.Models;
using Nnfs.Tensors;

namespace Nnfs.Benchmarks.Micro;

/// <summary>
/// BenchmarkDotNet timing of inference with the 784-128-128-10 network on the fast path: a batch of 128 images (the
/// issue-5 target: ≥ 500,000 images/s on 2 threads, i.e. ≤ 256 µs per batch) and one image (target: &lt; 20 µs).
/// </summary>
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private Model _model = null!;
    private Matrix _batch = null!, _one = null!;

    /// <summary>Kernel threads (<see cref="Engine.Threads"/>).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Builds the network and the inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        // Set once here: Engine's settings are AsyncLocal, and setting one allocates (it persists on this thread).
        Engine.Threads = Threads;
        Engine.Path = NumericPath.Fast;
        _model = BenchmarkNetwork.Build();
        _batch = BenchmarkNetwork.Batch(128, seed: 2).X;
        _one = BenchmarkNetwork.Batch(1, seed: 3).X;
    }

    /// <summary>Softmax outputs of 128 images.</summary>
    [Benchmark(Baseline = true)]
    public Matrix Batch128()
    {
        return _model.Forward(_batch, training: false);
    }

    /// <summary>Softmax output of one image.</summary>
    [Benchmark]
    public Matrix OneImage()
    {
        return _model.Forward(_one, training: false);
    }
}
