namespace Nnfs.Tests.Kernels;

/// <summary>
/// Compares a managed float function with glibc's on float32 bit patterns: equal bits, or NaN on both sides.
/// </summary>
internal static unsafe class GlibcComparison
{
    /// <summary>The environment variable that turns on the comparisons over all 2³² bit patterns.</summary>
    public const string ExhaustiveVariable = "NNFS_EXHAUSTIVE";

    /// <summary>True when <see cref="ExhaustiveVariable"/> is 1.</summary>
    public static bool ExhaustiveRequested => Environment.GetEnvironmentVariable(ExhaustiveVariable) == "1";

    /// <summary>How many inputs disagreed and the first (lowest) of them.</summary>
    public readonly record struct Result(long Checked, long Mismatches, uint First);

    /// <summary>Compares on each bit pattern in <paramref name="inputs"/>.</summary>
    public static Result OnInputs(delegate*<float, float> managed, delegate* unmanaged[SuppressGCTransition]<float, float> glibc,
        ReadOnlySpan<uint> inputs)
    {
        var tally = new Tally();
        foreach (uint bits in inputs) tally.Add(managed, glibc, bits);
        return tally.Result;
    }

    /// <summary>Compares on the bit patterns from <paramref name="first"/> to <paramref name="last"/> inclusive,
    /// every <paramref name="stride"/>th (default: all).</summary>
    public static Result OnRange(delegate*<float, float> managed, delegate* unmanaged[SuppressGCTransition]<float, float> glibc,
        uint first, uint last, uint stride = 1)
    {
        var tally = new Tally();
        for (ulong bits = first; bits <= last; bits += stride) tally.Add(managed, glibc, (uint)bits);
        return tally.Result;
    }

    /// <summary>Compares on all 2³² bit patterns, on every core.</summary>
    public static Result OnAll(delegate*<float, float> managed, delegate* unmanaged[SuppressGCTransition]<float, float> glibc)
    {
        const int Chunks = 256;
        var results = new Result[Chunks];
        var m = (nint)managed;
        var g = (nint)glibc;
        Parallel.For(0, Chunks, chunk =>
        {
            uint first = (uint)chunk << 24;
            results[chunk] = OnRange((delegate*<float, float>)m, (delegate* unmanaged[SuppressGCTransition]<float, float>)g, first, first + 0xffffff);
        });
        return Merge(results);
    }

    /// <summary>Adds up several results.</summary>
    public static Result Merge(params IEnumerable<Result> results)
    {
        long total = 0, mismatches = 0;
        uint first = uint.MaxValue;
        foreach (var r in results)
        {
            total += r.Checked;
            mismatches += r.Mismatches;
            if (r.Mismatches > 0) first = Math.Min(first, r.First);
        }
        return new Result(total, mismatches, first);
    }

    /// <summary>
    /// Asserts that <paramref name="managed"/> equals <paramref name="glibc"/> on the special values, the given
    /// <paramref name="ranges"/> (first, last, stride) and the CI sample, or on all 2³² bit patterns when
    /// <see cref="ExhaustiveRequested"/>; skips (fails under CI) where glibc's reference is not available.
    /// </summary>
    public static void AssertEqualsGlibc(string name, delegate*<float, float> managed,
        delegate* unmanaged[SuppressGCTransition]<float, float> glibc, (uint First, uint Last, uint Stride)[] ranges,
        Xunit.Abstractions.ITestOutputHelper output)
    {
        if (GlibcReference.Unavailable is { } reason)
            throw TestSkip.Because($"Not compared with glibc: {reason}.", "run CI on x86-64 Linux with glibc 2.28 or later");
        Result result;
        if (ExhaustiveRequested)
        {
            result = OnAll(managed, glibc);
            Assert.Equal(1L << 32, result.Checked);
        }
        else
        {
            result = Merge(OnInputs(managed, glibc, SpecialValues), OnSample(managed, glibc));
            foreach (var (first, last, stride) in ranges) result = Merge(result, OnRange(managed, glibc, first, last, stride));
        }
        string summary = Describe(name, managed, glibc, result);
        output.WriteLine(summary);
        Assert.True(result.Mismatches == 0, summary);
    }

    /// <summary>A one-line description of a result, naming the first disagreement.</summary>
    public static string Describe(string name, delegate*<float, float> managed, delegate* unmanaged[SuppressGCTransition]<float, float> glibc,
        Result result)
    {
        if (result.Mismatches == 0) return $"{name}: {result.Checked:N0} inputs, all equal to glibc's";
        float x = BitConverter.UInt32BitsToSingle(result.First);
        return $"{name}: {result.Mismatches:N0} of {result.Checked:N0} inputs differ from glibc's; first {name}({x:R}) [0x{result.First:x8}] "
               + $"= {Hex(managed(x))}, glibc {Hex(glibc(x))}";
    }

    /// <summary>Compares on the inputs every CI run checks: a stride-1021 sweep of all bit patterns (every exponent,
    /// both signs, the NaNs) and 2²⁴ random ones (a fixed seed).</summary>
    public static Result OnSample(delegate*<float, float> managed, delegate* unmanaged[SuppressGCTransition]<float, float> glibc)
    {
        var result = OnRange(managed, glibc, 0, uint.MaxValue, 1021);
        var rng = new Random(20261207);
        var random = new uint[1 << 12];
        for (int i = 0; i < 1 << 12; i++)
        {
            rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(random.AsSpan()));
            result = Merge(result, OnInputs(managed, glibc, random));
        }
        return result;
    }

    /// <summary>Special bit patterns for both functions: signed zeros, infinities, NaNs with several payloads, the
    /// extreme subnormals and normals, ±1.</summary>
    public static ReadOnlySpan<uint> SpecialValues =>
    [
        0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001,
        0x7fa00000, 0x7fffffff, 0xffffffff, 0x7fc12345, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff,
        0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000, 0x3f7fffff, 0x3f800001,
    ];

    private struct Tally
    {
        private long _checked, _mismatches;
        private uint _first;

        public readonly Result Result => new(_checked, _mismatches, _mismatches == 0 ? 0 : _first);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public void Add(delegate*<float, float> managed, delegate* unmanaged[SuppressGCTransition]<float, float> glibc, uint bits)
        {
            _checked++;
            float x = BitConverter.UInt32BitsToSingle(bits);
            float a = managed(x), b = glibc(x);
            if (BitConverter.SingleToUInt32Bits(a) == BitConverter.SingleToUInt32Bits(b) || (float.IsNaN(a) && float.IsNaN(b))) return;
            if (_mismatches++ == 0 || bits < _first) _first = bits;
        }
    }

    private static string Hex(float v) => $"{v:R} [0x{BitConverter.SingleToUInt32Bits(v):x8}]";
}
