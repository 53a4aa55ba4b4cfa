using System.Text.Json;
using Nnfs.Tensors;

namespace Nnfs.Tests.Layers;

/// <summary>
/// The NumPy golden values of Golden/layers/golden.json, written by Golden/layers/make_golden.py. Regenerate with
/// the command at the top of that script.
/// </summary>
internal sealed class LayersGolden
{
    private static readonly Lazy<LayersGolden> s_instance = new(() => new LayersGolden());
    private readonly JsonElement _root;
    private readonly JsonElement _correctlyRounded;

    private LayersGolden()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "layers", "golden.json");
        _root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        _correctlyRounded = _root.GetProperty("cr");
    }

    public static LayersGolden Instance => s_instance.Value;

    /// <summary>NumPy's value (glibc expf/logf).</summary>
    public Matrix NumPy(string key) => ToMatrix(_root.GetProperty(key));

    /// <summary>The value with correctly rounded exp/log, what the exact path computes (= NumPy's for most keys).</summary>
    public Matrix Exact(string key) =>
        _correctlyRounded.TryGetProperty(key, out var e) ? ToMatrix(e) : NumPy(key);

    public IEnumerable<string> CorrectlyRoundedKeys => _correctlyRounded.EnumerateObject().Select(p => p.Name);

    public double Double(string key) =>
        BitConverter.UInt64BitsToDouble(_root.GetProperty(key).GetProperty("bits64").GetUInt64());

    public int[] Ints(string key) => _root.GetProperty(key).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static Matrix ToMatrix(JsonElement e)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        var bits = e.GetProperty("bits").EnumerateArray().Select(x => BitConverter.UInt32BitsToSingle(x.GetUInt32())).ToArray();
        return new Matrix(shape[0], shape[1], bits);
    }

    /// <summary>Asserts bit-for-bit equality (shape and every float's bits), naming the first differing element.</summary>
    public static void AssertBitExact(Matrix expected, Matrix actual, string what)
    {
        Assert.True(expected.Rows == actual.Rows && expected.Columns == actual.Columns,
            $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        var e = expected.Span;
        var a = actual.Span;
        for (int i = 0; i < e.Length; i++)
            if (BitConverter.SingleToUInt32Bits(e[i]) != BitConverter.SingleToUInt32Bits(a[i]))
                Assert.Fail($"{what}: element [{i / expected.Columns}, {i % expected.Columns}] is {a[i]:R}, NumPy has {e[i]:R}.");
    }

    /// <summary>Asserts equality within <paramref name="ulps"/> units in the last place.</summary>
    public static void AssertWithinUlps(Matrix expected, Matrix actual, int ulps, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.Span;
        var a = actual.Span;
        for (int i = 0; i < e.Length; i++)
        {
            long d = Math.Abs((long)BitConverter.SingleToInt32Bits(e[i]) - BitConverter.SingleToInt32Bits(a[i]));
            Assert.True(d <= ulps, $"{what}: element {i} is {a[i]:R}, expected {e[i]:R} ({d} ulps apart).");
        }
    }
}
