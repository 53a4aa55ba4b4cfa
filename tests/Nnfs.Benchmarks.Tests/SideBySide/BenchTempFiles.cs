namespace Nnfs.Benchmarks.Tests.SideBySide;

/// <summary>Tests that write or delete the bench's per-process temporary files (BenchRunner.CleanUp) run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BenchTempFiles
{
    public const string Name = "bench temporary files";
}
