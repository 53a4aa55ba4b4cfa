namespace Nnfs.Benchmarks.Machine;

/// <summary>The FP32 peak of one thread that the side-by-side report's "% of peak" column divides by, and where it came from.</summary>
/// <param name="Gflops">GFLOP/s.</param>
/// <param name="Source">How it was obtained, for the report (measured, with the vector width and processor; or given).</param>
internal sealed record PeakFigure(double Gflops, string Source)
{
    /// <summary>The figure of a measurement, described by it.</summary>
    public static PeakFigure From(PeakMeasurement measured) => new(measured.Gflops, measured.Describe());
}
