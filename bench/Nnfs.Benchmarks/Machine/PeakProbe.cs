using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Nnfs.Benchmarks.Machine;

/// <summary>One thread's FP32 peak as measured by <see cref="PeakProbe"/>.</summary>
/// <param name="Gflops">Best rate of all batches, GFLOP/s (an FMA counts as two FLOP per lane).</param>
/// <param name="VectorBits">Width of the vectors the loop used: 512, 256 or 128 bits.</param>
/// <param name="Isa">The instruction set behind that width, e.g. <c>AVX-512F</c>.</param>
/// <param name="Seconds">How long the measurement took.</param>
/// <param name="Cpu">The processor, from <see cref="MachineInfo.Cpu"/>.</param>
internal sealed record PeakMeasurement(double Gflops, int VectorBits, string Isa, double Seconds, string Cpu)
{
    /// <summary>One line for the report, e.g. "118 GFLOP/s FP32, one thread: independent FMAs on Vector512 (AVX-512F), 0.25 s, AMD EPYC …".</summary>
    public string Describe() =>
        $"{Gflops:0} GFLOP/s FP32, one thread: independent FMAs on Vector{VectorBits} ({Isa}), measured for {Seconds:0.00} s on {Cpu}";
}

/// <summary>
/// Measures one thread's FP32 peak: a loop of independent fused multiply-adds on the widest hardware-accelerated
/// vector (<see cref="Vector512"/>, else <see cref="Vector256"/>, else <see cref="Vector128"/>), kept in registers, timed
/// in short batches; the best batch is the peak. The side-by-side report's "% of peak" column divides by it.
/// </summary>
/// <remarks>
/// Each iteration updates <see cref="Accumulators"/> independent accumulators <c>a ← a · m + c</c>: enough to cover
/// the FMA latency times the FMA units of current cores (4 cycles × 2 units), so the loop is bound by FMA throughput,
/// not by one dependency chain. FLOP per iteration = accumulators × lanes × 2. With <c>m</c> just below 1 and a small
/// <c>c</c> the values converge to <c>c / (1 − m)</c>: no overflow and no subnormals to slow the loop.
/// </remarks>
internal static class PeakProbe
{
    /// <summary>Independent FMA chains per iteration.</summary>
    public const int Accumulators = 12;

    /// <summary>The multiplier of every FMA.</summary>
    public const float Multiplier = 0.999999f;

    /// <summary>The addend of every FMA.</summary>
    public const float Addend = 1e-6f;

    /// <summary>Iterations per timed batch: ~0.1–1 ms on current cores, short enough for many batches.</summary>
    private const int BatchIterations = 1 << 16;

    /// <summary>The widest vector width the JIT accelerates here and the instruction set it uses for FMA.</summary>
    public static (int Bits, string Isa) WidestVector()
    {
        if (Vector512.IsHardwareAccelerated) return (512, "AVX-512F");
        if (Vector256.IsHardwareAccelerated) return (256, Fma.IsSupported ? "AVX2 + FMA" : "AVX2, FMA emulated");
        if (Vector128.IsHardwareAccelerated)
            return (128, AdvSimd.IsSupported ? "AdvSIMD" : Fma.IsSupported ? "SSE + FMA" : "SSE, FMA emulated");
        return (128, "no SIMD, emulated");
    }

    /// <summary>Runs the loop for about <paramref name="duration"/> (default 0.25 s) on this thread.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    public static PeakMeasurement Measure(TimeSpan? duration = null)
    {
        var budget = duration ?? TimeSpan.FromSeconds(0.25);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero, nameof(duration));
        var (bits, isa) = WidestVector();
        double flopPerIteration = Accumulators * (bits / 32) * 2.0;
        Run(bits, 1000);
        var total = Stopwatch.StartNew();
        double best = 0;
        do
        {
            long start = Stopwatch.GetTimestamp();
            Run(bits, BatchIterations);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (seconds > 0) best = Math.Max(best, flopPerIteration * BatchIterations / seconds / 1e9);
        } while (total.Elapsed < budget);
        return new PeakMeasurement(best, bits, isa, total.Elapsed.TotalSeconds, MachineInfo.Cpu());
    }

    /// <summary>
    /// <paramref name="iterations"/> of the loop on <paramref name="bits"/>-wide vectors; returns the sum of the
    /// accumulators' first lanes, so that the work cannot be optimised away (and a test can check it).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="bits"/> is not 128, 256 or 512.</exception>
    public static float Run(int bits, int iterations) => bits switch
    {
        512 => Run<Vector512<float>, Lanes512>(iterations),
        256 => Run<Vector256<float>, Lanes256>(iterations),
        128 => Run<Vector128<float>, Lanes128>(iterations),
        _ => throw new ArgumentException($"vector width {bits} is not 128, 256 or 512 bits.", nameof(bits)),
    };

    /// <summary>What the loop's first lane computes, in scalar FMAs: the reference for <see cref="Run(int, int)"/>.</summary>
    public static float Reference(int iterations)
    {
        float sum = 0;
        for (int k = 0; k < Accumulators; k++)
        {
            float a = Start(k);
            for (int i = 0; i < iterations; i++) a = MathF.FusedMultiplyAdd(a, Multiplier, Addend);
            sum += a;
        }
        return sum;
    }

    private static float Start(int k) => k * 0.125f;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Run<TV, TL>(int iterations) where TV : struct where TL : struct, ILanes<TV>
    {
        TV m = TL.Create(Multiplier), c = TL.Create(Addend);
        TV a0 = TL.Create(Start(0)), a1 = TL.Create(Start(1)), a2 = TL.Create(Start(2)), a3 = TL.Create(Start(3));
        TV a4 = TL.Create(Start(4)), a5 = TL.Create(Start(5)), a6 = TL.Create(Start(6)), a7 = TL.Create(Start(7));
        TV a8 = TL.Create(Start(8)), a9 = TL.Create(Start(9)), a10 = TL.Create(Start(10)), a11 = TL.Create(Start(11));
        for (int i = 0; i < iterations; i++)
        {
            a0 = TL.Fma(a0, m, c); a1 = TL.Fma(a1, m, c); a2 = TL.Fma(a2, m, c); a3 = TL.Fma(a3, m, c);
            a4 = TL.Fma(a4, m, c); a5 = TL.Fma(a5, m, c); a6 = TL.Fma(a6, m, c); a7 = TL.Fma(a7, m, c);
            a8 = TL.Fma(a8, m, c); a9 = TL.Fma(a9, m, c); a10 = TL.Fma(a10, m, c); a11 = TL.Fma(a11, m, c);
        }
        // Summed one by one: gathering the accumulators in a span would keep them in memory inside the loop.
        float sum = TL.First(a0);
        sum += TL.First(a1); sum += TL.First(a2); sum += TL.First(a3); sum += TL.First(a4); sum += TL.First(a5);
        sum += TL.First(a6); sum += TL.First(a7); sum += TL.First(a8); sum += TL.First(a9); sum += TL.First(a10);
        sum += TL.First(a11);
        return sum;
    }

    /// <summary>The few vector operations the loop needs, for one vector type (a struct, so the JIT specialises).</summary>
    private interface ILanes<TV>
    {
        static abstract TV Create(float value);
        static abstract TV Fma(TV a, TV b, TV c);
        static abstract float First(TV v);
    }

    private struct Lanes512 : ILanes<Vector512<float>>
    {
        public static Vector512<float> Create(float value) => Vector512.Create(value);
        public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
        public static float First(Vector512<float> v) => v.ToScalar();
    }

    private struct Lanes256 : ILanes<Vector256<float>>
    {
        public static Vector256<float> Create(float value) => Vector256.Create(value);
        public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
        public static float First(Vector256<float> v) => v.ToScalar();
    }

    private struct Lanes128 : ILanes<Vector128<float>>
    {
        public static Vector128<float> Create(float value) => Vector128.Create(value);
        public static Vector128<float> Fma(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);
        public static float First(Vector128<float> v) => v.ToScalar();
    }
}
