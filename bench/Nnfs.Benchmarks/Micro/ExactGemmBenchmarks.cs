using BenchmarkDotNet.Attributes;
using Nnfs.Kernels;

namespace Nnfs.Benchmarks.Micro;

/// <summary>
/// BenchmarkDotNet timings of the exact-path kernel (<c>np.dot</c> under <c>nnfs.init()</c>) against its plain
/// reference loop on the three products of the 784→128 layer at batch 128.
/// </summary>
[MemoryDiagnoser]
public class ExactGemmBenchmarks
{
    private float[] _a = null!, _b = null!, _c = null!;

    /// <summary>Kernel threads.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Creates the operands (large enough for every form).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(0);
        _a = new float[128 * 784];
        _b = new float[784 * 128];
        _c = new float[784 * 128];
        for (int i = 0; i < _a.Length; i++) _a[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < _b.Length; i++) _b[i] = (float)(random.NextDouble() * 2 - 1);
    }

    /// <summary>Forward: inputs (128×784) · weights (784×128).</summary>
    [Benchmark(Baseline = true)]
    public void Forward() => MatMulExact.Gemm(false, false, 128, 128, 784, _a, _b, _c, Threads);

    /// <summary>Weight gradient: inputsᵀ (784×128) · dvalues (128×128).</summary>
    [Benchmark]
    public void WeightGradient() => MatMulExact.Gemm(true, false, 784, 128, 128, _a, _b, _c, Threads);

    /// <summary>Input gradient: dvalues (128×128) · weightsᵀ (128×784).</summary>
    [Benchmark]
    public void InputGradient() => MatMulExact.Gemm(false, true, 128, 784, 128, _a, _b, _c, Threads);

    /// <summary>The plain double loop on the forward shape.</summary>
    [Benchmark]
    public void ForwardReference() => MatMulExactReference.Gemm(false, false, 128, 128, 784, _a, _b, _c);
}
