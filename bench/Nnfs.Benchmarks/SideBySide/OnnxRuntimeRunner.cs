using Microsoft.ML.OnnxRuntime;

namespace Nnfs.Benchmarks.SideBySide;

/// <summary>
/// ONNX Runtime (CPU execution provider) running an ONNX model of one float32 input <c>[N, features]</c> and one
/// output <c>[N, outputs]</c>, as a .NET user would serve it: one <see cref="InferenceSession"/> with
/// <c>IntraOpNumThreads</c> = the thread count, sequential execution, every graph optimisation; inputs and outputs
/// bound to preallocated buffers (one pair per batch size), so a call copies the rows in and runs, nothing else.
/// </summary>
/// <remarks>Left out of the Native AOT build (see the project file).</remarks>
internal sealed class OnnxRuntimeRunner : IInferenceRunner
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames, _outputNames;
    private readonly int _features, _outputs;
    private readonly Dictionary<int, (float[] In, float[] Out, OrtValue InValue, OrtValue OutValue)> _buffers = [];

    /// <summary>Loads <paramref name="model"/> (the bytes of an ONNX file) for <paramref name="threads"/> intra-op threads.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/>, <paramref name="features"/> or
    /// <paramref name="outputs"/> is below 1.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime refuses the model.</exception>
    public OnnxRuntimeRunner(byte[] model, int threads, int features, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model, options);
        _inputNames = [_session.InputMetadata.Keys.Single()];
        _outputNames = [_session.OutputMetadata.Keys.Single()];
        (_features, _outputs, Threads) = (features, outputs, threads);
    }

    /// <summary>ONNX Runtime's version.</summary>
    public static string Version => OrtEnv.Instance().GetVersionString();

    /// <summary>Intra-op threads of the session.</summary>
    public int Threads { get; }

    /// <inheritdoc/>
    public string Name => $"ONNX Runtime {Version}";

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="input"/> holds fewer than <paramref name="rows"/> rows.</exception>
    public ReadOnlySpan<float> Run(ReadOnlySpan<float> input, int rows)
    {
        if (rows < 1 || input.Length < rows * _features)
            throw new ArgumentException($"ONNX Runtime runner: {input.Length} values are not {rows} rows of {_features}.");
        if (!_buffers.TryGetValue(rows, out var b))
        {
            var inArray = new float[rows * _features];
            var outArray = new float[rows * _outputs];
            b = (inArray, outArray,
                OrtValue.CreateTensorValueFromMemory(inArray, [rows, _features]),
                OrtValue.CreateTensorValueFromMemory(outArray, [rows, _outputs]));
            _buffers[rows] = b;
        }
        input[..(rows * _features)].CopyTo(b.In);
        _session.Run(_runOptions, _inputNames, [b.InValue], _outputNames, [b.OutValue]);
        return b.Out;
    }

    /// <summary>Frees the session and the bound values.</summary>
    public void Dispose()
    {
        foreach (var b in _buffers.Values)
        {
            b.InValue.Dispose();
            b.OutValue.Dispose();
        }
        _buffers.Clear();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
