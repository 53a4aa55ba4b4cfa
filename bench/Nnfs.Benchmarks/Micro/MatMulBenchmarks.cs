using BenchmarkDotNet.Attributes;
using Nnfs.Kernels;
using Nnfs.Tensors;

namespace Nnfs.Benchmarks.Micro;

/// <summary>
/// BenchmarkDotNet timings of the three products of a dense layer (784→128 at batch 128, the largest of the
/// 784-128-128-10 network) on the fast path at 1 and 2 threads, and on the exact path for comparison.
/// </summary>
[MemoryDiagnoser]
public class MatMulBenchmarks
{
    private Matrix _inputs = null!, _weights = null!, _output = null!, _dvalues = null!, _dweights = null!, _dinputs = null!;
    private Matrix _bias = null!;

    /// <summary>Kernel threads (<see cref="Engine.Threads"/>).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Creates the operands.</summary>
    [GlobalSetup]
    public void Setup()
    {
        // Set once here: Engine's settings are AsyncLocal, and setting one allocates (it persists on this thread).
        Engine.Threads = Threads;
        var random = new Random(0);
        Matrix Fill(int rows, int columns)
        {
            var m = new Matrix(rows, columns);
            foreach (ref float v in m.Span) v = (float)(random.NextDouble() * 2 - 1);
            return m;
        }
        _inputs = Fill(128, 784);
        _weights = Fill(784, 128);
        _bias = Fill(1, 128);
        _dvalues = Fill(128, 128);
        _output = new Matrix(128, 128);
        _dweights = new Matrix(784, 128);
        _dinputs = new Matrix(128, 784);
    }

    /// <summary>Forward: inputs·weights.</summary>
    [Benchmark(Baseline = true)]
    public void Forward()
    {
        MatMul.Multiply(_inputs, _weights, _output);
    }

    /// <summary>Forward with the bias fused: inputs·weights + biases.</summary>
    [Benchmark]
    public void ForwardWithBias()
    {
        MatMul.MultiplyAddBias(_inputs, _weights, _bias, _output);
    }

    /// <summary>Weight gradient: inputsᵀ·dvalues.</summary>
    [Benchmark]
    public void WeightGradient()
    {
        MatMul.MultiplyTransposeA(_inputs, _dvalues, _dweights);
    }

    /// <summary>Input gradient: dvalues·weightsᵀ.</summary>
    [Benchmark]
    public void InputGradient()
    {
        MatMul.MultiplyTransposeB(_dvalues, _weights, _dinputs);
    }

    /// <summary>Forward on the exact (double-accumulating) path.</summary>
    [Benchmark]
    public void ForwardExact()
    {
        using var _ = Engine.UsePath(NumericPath.Exact);
        MatMul.Multiply(_inputs, _weights, _output);
    }
}
