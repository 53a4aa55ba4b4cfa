using System.Text.Json;
using Nnfs.Randomness;
using static Nnfs.Tests.Randomness.NumPyGolden;

namespace Nnfs.Tests.Randomness;

/// <summary>
/// Replays the NumPy call sequences of <c>Golden/numpy/random_streams.json</c> on one <see cref="RandomState"/> per
/// seed and compares every value bit for bit (regenerate: /usr/bin/python3 tests/Nnfs.Tests/Golden/numpy/make_golden.py).
/// </summary>
public class RandomStateGoldenTests
{
    private static readonly JsonElement s_golden = Load("random_streams.json");

    public static TheoryData<uint> Seeds => [0u, 1u, 42u, uint.MaxValue];

    private static JsonElement ForSeed(uint seed) => s_golden.GetProperty("seeds").GetProperty(seed.ToString());

    [Theory, MemberData(nameof(Seeds))]
    public void RawOutputsCrossTwoTwists(uint seed)
    {
        var g = ForSeed(seed);
        var rs = new RandomState(seed);
        long[] expected = Longs(g.GetProperty("uint32"));
        Assert.True(expected.Length > 2 * 624);
        for (int i = 0; i < expected.Length; i++)
            Assert.True((uint)expected[i] == rs.NextUInt32(), $"seed {seed}: output {i} differs");
    }

    [Theory, MemberData(nameof(Seeds))]
    public void SeedResetsStreamAndGaussianCache(uint seed)
    {
        var rs = new RandomState(12345);
        rs.NextGaussian();
        rs.Seed(seed);
        var mixed = ForSeed(seed).GetProperty("mixed");
        Replay(rs, mixed, spans: false, $"seed {seed} after re-seed");
    }

    [Theory, MemberData(nameof(Seeds))]
    public void MixedSequenceOneValueAtATime(uint seed) =>
        Replay(new RandomState(seed), ForSeed(seed).GetProperty("mixed"), spans: false, $"seed {seed}");

    [Theory, MemberData(nameof(Seeds))]
    public void MixedSequenceWithSpanMethodsAndDropoutMask(uint seed) =>
        Replay(new RandomState(seed), ForSeed(seed).GetProperty("mixed"), spans: true, $"seed {seed} (spans)");

    [Theory, MemberData(nameof(Seeds))]
    public void ShuffleAndPermutationOfLargeArrays(uint seed) =>
        Replay(new RandomState(seed), ForSeed(seed).GetProperty("shuffle"), spans: true, $"seed {seed} shuffle");

    [Theory, MemberData(nameof(Seeds))]
    public void LongGaussianStream(uint seed)
    {
        var g = ForSeed(seed).GetProperty("gauss_big");
        var rs = new RandomState(seed);
        var values = new double[g.GetProperty("n").GetInt32()];
        rs.StandardNormal(values);
        Assert.Equal(g.GetProperty("sha256_float64").GetString(), Sha256<double>(values));
        Assert.Equal(g.GetProperty("last").GetDouble(), values[^1]);
        Assert.Equal(g.GetProperty("next").GetDouble(), rs.NextGaussian());
    }

    private static void Replay(RandomState rs, JsonElement ops, bool spans, string context)
    {
        int index = 0;
        foreach (var op in ops.EnumerateArray())
        {
            string name = op.GetProperty("op").GetString()!;
            string what = $"{context}, op {index++} ({name})";
            switch (name)
            {
                case "random_sample":
                {
                    double[] expected = Doubles(op.GetProperty("values"));
                    var actual = new double[expected.Length];
                    if (spans) rs.RandomSample(actual);
                    else for (int i = 0; i < actual.Length; i++) actual[i] = rs.NextDouble();
                    BitEqual(expected, actual, what);
                    break;
                }
                case "standard_normal":
                {
                    double[] expected = Doubles(op.GetProperty("values"));
                    var actual = new double[expected.Length];
                    if (spans) rs.StandardNormal(actual);
                    else for (int i = 0; i < actual.Length; i++) actual[i] = rs.NextGaussian();
                    BitEqual(expected, actual, what);
                    break;
                }
                case "randn32":
                {
                    float[] expected = Hex32(op.GetProperty("hex"));
                    var actual = new float[expected.Length];
                    if (spans) rs.Randn(actual);
                    else for (int i = 0; i < actual.Length; i++) actual[i] = (float)rs.NextGaussian();
                    BitEqual(expected, actual, what);
                    break;
                }
                case "binomial":
                {
                    long n = op.GetProperty("n").GetInt64();
                    double p = op.GetProperty("p").GetDouble();
                    long[] expected = Longs(op.GetProperty("values"));
                    if (spans && n == 1)
                    {
                        var mask = new float[expected.Length];
                        rs.BinomialMask(mask, p, 1.25f);
                        for (int i = 0; i < mask.Length; i++)
                            Assert.True(mask[i] == (expected[i] == 1 ? 1.25f : 0f), $"{what}: mask[{i}] = {mask[i]}, NumPy drew {expected[i]}");
                    }
                    else
                    {
                        for (int i = 0; i < expected.Length; i++)
                            Assert.True(expected[i] == rs.Binomial(n, p), $"{what}: binomial({n}, {p}) draw {i}");
                    }
                    break;
                }
                case "permutation":
                {
                    long[] expected = Longs(op.GetProperty("values"));
                    int[] actual = rs.Permutation(op.GetProperty("n").GetInt32());
                    Assert.Equal(expected, actual.Select(v => (long)v).ToArray());
                    break;
                }
                case "permutation_sha":
                {
                    int[] actual = rs.Permutation(op.GetProperty("n").GetInt32());
                    long[] wide = actual.Select(v => (long)v).ToArray();
                    Assert.Equal(Longs(op.GetProperty("head")), wide[..10]);
                    Assert.Equal(Longs(op.GetProperty("tail")), wide[^10..]);
                    Assert.Equal(op.GetProperty("sha256_int64").GetString(), Sha256<long>(wide));
                    break;
                }
                case "shuffle_sha":
                {
                    var values = new long[op.GetProperty("n").GetInt32()];
                    for (int i = 0; i < values.Length; i++) values[i] = i;
                    rs.Shuffle<long>(values);
                    Assert.Equal(Longs(op.GetProperty("head")), values[..10]);
                    Assert.Equal(op.GetProperty("sha256_int64").GetString(), Sha256<long>(values));
                    break;
                }
                case "randint":
                {
                    long low = op.GetProperty("low").GetInt64(), high = op.GetProperty("high").GetInt64();
                    long[] expected = Longs(op.GetProperty("values"));
                    for (int i = 0; i < expected.Length; i++)
                        Assert.True(expected[i] == rs.RandInt(low, high), $"{what}: randint({low}, {high}) draw {i}");
                    break;
                }
                case "interval":
                {
                    ulong max = op.GetProperty("max").GetUInt64();
                    ulong[] expected = ULongs(op.GetProperty("values"));
                    for (int i = 0; i < expected.Length; i++)
                        Assert.True(expected[i] == rs.RandomInterval(max), $"{what}: random_interval({max}) draw {i}");
                    break;
                }
                default:
                    throw new InvalidDataException($"{what}: unknown golden op '{name}'");
            }
        }
        Assert.True(index > 3, $"{context}: golden sequence is suspiciously short ({index} ops)");
    }
}
