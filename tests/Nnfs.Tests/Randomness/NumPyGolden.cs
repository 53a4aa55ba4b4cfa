using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Nnfs.Tests.Randomness;

/// <summary>
/// Reads the golden files written by <c>Golden/numpy/make_golden.py</c>
/// (regenerate: <c>/usr/bin/python3 tests/Nnfs.Tests/Golden/numpy/make_golden.py</c>).
/// </summary>
internal static class NumPyGolden
{
    public static JsonElement Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Golden", "numpy", name);
        if (!File.Exists(path)) throw new FileNotFoundException($"Golden file {path} is missing; run make_golden.py.", path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    public static float[] Hex32(JsonElement array) =>
        array.EnumerateArray().Select(e => BitConverter.UInt32BitsToSingle(uint.Parse(e.GetString()!, NumberStyles.HexNumber))).ToArray();

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    public static ulong[] ULongs(JsonElement array) => array.EnumerateArray().Select(e => e.GetUInt64()).ToArray();

    public static string Sha256<T>(ReadOnlySpan<T> values) where T : struct =>
        Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values)));

    /// <summary>Bitwise equality with a message naming the first differing element.</summary>
    public static void BitEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.SingleToUInt32Bits(expected[i]) != BitConverter.SingleToUInt32Bits(actual[i]))
                Assert.Fail($"{what}[{i}]: got {actual[i]:R} ({BitConverter.SingleToUInt32Bits(actual[i]):x8}), expected {expected[i]:R} ({BitConverter.SingleToUInt32Bits(expected[i]):x8})");
    }

    public static void BitEqual(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: length {actual.Length}, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.DoubleToUInt64Bits(expected[i]) != BitConverter.DoubleToUInt64Bits(actual[i]))
                Assert.Fail($"{what}[{i}]: got {actual[i]:R}, expected {expected[i]:R}");
    }
}
