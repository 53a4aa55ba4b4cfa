using System.Runtime.Intrinsics;
using Nnfs.Benchmarks.Machine;

namespace Nnfs.Benchmarks.Tests.Machine;

public class PeakProbeTests
{
    [Fact]
    public void WidestVector_IsTheWidestTheRuntimeAccelerates()
    {
        var (bits, isa) = PeakProbe.WidestVector();
        int expected = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;
        Assert.Equal(expected, bits);
        if (bits == 512) Assert.Equal("AVX-512F", isa);
        if (bits == 256) Assert.StartsWith("AVX2", isa);
        Assert.False(string.IsNullOrWhiteSpace(isa));
    }

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void Run_DoesTheFmasItCounts(int bits)
    {
        // The loop's result after n iterations equals n scalar FMAs per accumulator: the work it times is the work
        // it counts (and an emulated width computes the same).
        foreach (int n in new[] { 1, 7, 1000 })
            Assert.Equal(PeakProbe.Reference(n), PeakProbe.Run(bits, n));
        Assert.NotEqual(PeakProbe.Reference(1), PeakProbe.Reference(2));
    }

    [Fact]
    public void Run_RejectsAnUnknownWidth()
    {
        var ex = Assert.Throws<ArgumentException>(() => PeakProbe.Run(384, 1));
        Assert.Contains("384", ex.Message);
    }

    [Fact]
    public void Measure_ReportsAPositiveFigureAndTheWidthItUsed()
    {
        var m = PeakProbe.Measure(TimeSpan.FromMilliseconds(20));
        Assert.True(double.IsFinite(m.Gflops) && m.Gflops > 0, $"{m.Gflops}");
        Assert.Equal(PeakProbe.WidestVector(), (m.VectorBits, m.Isa));
        Assert.Equal(MachineInfo.Cpu(), m.Cpu);
        string line = m.Describe();
        Assert.Contains($"Vector{m.VectorBits} ({m.Isa})", line);
        Assert.Contains(m.Cpu, line);
        Assert.Contains("one thread", line);
        Assert.Throws<ArgumentOutOfRangeException>(() => PeakProbe.Measure(TimeSpan.Zero));
    }

    [Fact]
    public void PeakFigure_FromAMeasurement_CarriesItsDescription()
    {
        var m = new PeakMeasurement(123.4, 256, "AVX2 + FMA", 0.25, "Some CPU");
        var figure = PeakFigure.From(m);
        Assert.Equal(123.4, figure.Gflops);
        Assert.Equal("123 GFLOP/s FP32, one thread: independent FMAs on Vector256 (AVX2 + FMA), measured for 0.25 s on Some CPU", figure.Source);
    }
}
