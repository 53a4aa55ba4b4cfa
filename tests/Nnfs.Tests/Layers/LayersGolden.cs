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

    private LayersGolden()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "layers", "golden.json");
        _root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    public static LayersGolden Instance => s_instance.Value;

    /// <summary>NumPy's float32 array (a row vector for 1-D arrays and scalars).</summary>
    public Matrix NumPy(string key) => ToMatrix(_root.GetProperty(key));

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
}
