using System.Globalization;

namespace Nnfs.Testing;

/// <summary>
/// A bounded, seeded mutation fuzzer for the input parsers (model files, IDX, CSV, images). Each case mutates a valid
/// seed input and runs the parser on it; the case passes when the parser returns or throws one of the documented
/// exception types, allocates at most the stated bound on its thread, and the whole batch ends within a time limit.
/// </summary>
/// <remarks>
/// The number of cases per batch is <see cref="DefaultCases"/>, or <c>NNFS_FUZZ_CASES</c> when set (e.g. 200000 for
/// a long run). Cases are reproducible: case i of a batch uses <c>new Random(seed + i)</c>, and a failure names the
/// batch, the case index and the mutated input's length.
/// </remarks>
public static class Fuzzer
{
    /// <summary>Cases per batch in an ordinary test run.</summary>
    public const int DefaultCases = 2000;

    /// <summary>Cases per batch: <c>NNFS_FUZZ_CASES</c> or <see cref="DefaultCases"/>.</summary>
    public static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("NNFS_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n
            : DefaultCases;

    /// <summary>
    /// Runs <paramref name="cases"/> mutations of <paramref name="seedInput"/> through <paramref name="parse"/> on one
    /// dedicated thread and fails the test on the first case that throws an exception type not in
    /// <paramref name="allowed"/> (or derived from one), allocates more than <paramref name="allocationBound"/> of the
    /// input, or when the batch has not finished after <paramref name="timeLimit"/>.
    /// </summary>
    /// <param name="name">The batch's name, used in failure messages.</param>
    /// <param name="seedInput">A valid input to mutate.</param>
    /// <param name="parse">Parses one input (e.g. writes it to a file and loads it).</param>
    /// <param name="allocationBound">The most bytes the parser may allocate for an input (its argument).</param>
    /// <param name="allowed">The documented exception types.</param>
    /// <param name="seed">The first case's seed.</param>
    /// <param name="cases">The number of cases; null uses <see cref="Cases"/>.</param>
    /// <param name="timeLimit">The limit for the whole batch; null allows 60 s plus 20 ms per case.</param>
    /// <param name="mutate">The mutator; null uses <see cref="Mutate"/>.</param>
    /// <returns>How many cases were refused with an allowed exception (the rest parsed).</returns>
    public static int Run(string name, byte[] seedInput, Action<byte[]> parse, Func<byte[], long> allocationBound,
        Type[] allowed, int seed = 1, int? cases = null, TimeSpan? timeLimit = null, Func<byte[], Random, byte[]>? mutate = null)
    {
        int count = cases ?? Cases;
        mutate ??= Mutate;
        var limit = timeLimit ?? TimeSpan.FromSeconds(60) + TimeSpan.FromMilliseconds(20.0 * count);
        int current = -1, refused = 0, length = 0;
        string? failure = null;
        var thread = new Thread(() =>
        {
            for (int i = 0; i < count && failure is null; i++)
            {
                Volatile.Write(ref current, i);
                byte[] input = mutate(seedInput, new Random(seed + i));
                length = input.Length;
                long bound = allocationBound(input);
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    parse(input);
                }
                catch (Exception ex) when (allowed.Any(t => t.IsInstanceOfType(ex)))
                {
                    refused++;
                }
                catch (Exception ex)
                {
                    failure = $"{name}: case {i} (seed {seed + i}, {input.Length} bytes) threw {ex.GetType().FullName}: {ex.Message}";
                    break;
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated > bound)
                    failure = $"{name}: case {i} (seed {seed + i}, {input.Length} bytes) allocated {allocated} bytes, more than the bound {bound}";
            }
        }, maxStackSize: 16 << 20) { IsBackground = true, Name = "fuzz " + name };
        thread.Start();
        if (!thread.Join(limit))
            Assert.Fail($"{name}: no result after {limit.TotalSeconds:0} s; case {Volatile.Read(ref current)} (seed {seed + Volatile.Read(ref current)}, {length} bytes) hangs or is far too slow");
        if (failure is not null) Assert.Fail(failure);
        return refused;
    }

    /// <summary>
    /// Applies one to four random edits to a copy of <paramref name="input"/>: bit flips, bytes set to boundary
    /// values, 4- and 8-byte little- or big-endian integers overwritten with boundary values, truncation, insertion
    /// or deletion of a run of bytes, and a run copied from elsewhere in the input.
    /// </summary>
    public static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits; e++)
        {
            if (bytes.Count == 0)
            {
                bytes.Add((byte)random.Next(256));
                continue;
            }
            int at = random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = InterestingBytes[random.Next(InterestingBytes.Length)];
                    break;
                case 2:
                case 3:
                    {
                        ulong value = InterestingIntegers[random.Next(InterestingIntegers.Length)];
                        int width = random.Next(2) == 0 ? 4 : 8;
                        bool bigEndian = random.Next(2) == 0;
                        for (int b = 0; b < width && at + b < bytes.Count; b++)
                        {
                            int shift = 8 * (bigEndian ? width - 1 - b : b);
                            bytes[at + b] = (byte)(value >> shift);
                        }
                        break;
                    }
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 5:
                    {
                        int n = 1 + random.Next(Math.Min(64, bytes.Count));
                        var run = new byte[n];
                        random.NextBytes(run);
                        bytes.InsertRange(at, run);
                        break;
                    }
                case 6:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(64)));
                    break;
                default:
                    {
                        int from = random.Next(bytes.Count);
                        int n = Math.Min(1 + random.Next(64), bytes.Count - from);
                        var run = bytes.GetRange(from, n);
                        for (int b = 0; b < n && at + b < bytes.Count; b++) bytes[at + b] = run[b];
                        break;
                    }
            }
        }
        return bytes.ToArray();
    }

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0xFF, (byte)'"', (byte)'\\', (byte)'{', (byte)'}', (byte)',', (byte)'-', (byte)'9', (byte)'\n'];

    private static readonly ulong[] InterestingIntegers =
    [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 46341, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x1_0000_0000, 0x4000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF,
    ];
}
