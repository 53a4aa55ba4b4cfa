namespace Nnfs.Benchmarks.SideBySide;

/// <summary>An inference engine the benchmark times beside ours: rows of inputs in, rows of outputs out.</summary>
internal interface IInferenceRunner : IDisposable
{
    /// <summary>What it is, for the report (name and version).</summary>
    string Name { get; }

    /// <summary>
    /// The outputs for <paramref name="rows"/> rows of <paramref name="input"/>, valid until the next call.
    /// </summary>
    ReadOnlySpan<float> Run(ReadOnlySpan<float> input, int rows);
}
