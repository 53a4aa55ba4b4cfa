using System.Text.Json;
using Nnfs.Datasets;
using Nnfs.Randomness;
using Nnfs.Tensors;
using static Nnfs.Tests.Randomness.NumPyGolden;

namespace Nnfs.Tests.Datasets;

/// <summary>
/// The datasets against <c>Golden/numpy/datasets.json</c> (nnfs v0.5.1 semantics under <c>nnfs.init()</c>, regenerate:
/// /usr/bin/python3 tests/Nnfs.Tests/Golden/numpy/make_golden.py) and against the test vectors of NNFS-SPEC §1.6.
/// </summary>
public class SyntheticDataTests
{
    private static readonly JsonElement s_golden = Load("datasets.json");

    public static TheoryData<int, int> Sizes => new() { { 100, 3 }, { 1000, 3 }, { 100, 2 }, { 5, 7 }, { 1, 3 } };

    private static JsonElement Case(string kind, int samples, int classes) =>
        s_golden.GetProperty(kind).EnumerateArray()
            .Single(e => e.GetProperty("samples").GetInt32() == samples && e.GetProperty("classes").GetInt32() == classes);

    [Theory, MemberData(nameof(Sizes))]
    public void SpiralMatchesNumPy(int samples, int classes)
    {
        var (x, y) = SyntheticData.Spiral(samples, classes, new RandomState(0));
        Check(Case("spiral", samples, classes), x, y, $"spiral({samples}, {classes})");
    }

    [Theory, MemberData(nameof(Sizes))]
    public void VerticalMatchesNumPy(int samples, int classes)
    {
        var (x, y) = SyntheticData.Vertical(samples, classes, new RandomState(0));
        Check(Case("vertical", samples, classes), x, y, $"vertical({samples}, {classes})");
    }

    [Fact]
    public void SpiralThenFirstDenseWeightsContinueTheGlobalStream()
    {
        using var scope = RandomState.UseGlobal();
        using (Engine.UsePath(Engine.Path))
            Engine.Init();
        var (x, y) = SyntheticData.Spiral(samples: 100, classes: 3);
        var entry = Case("spiral", 100, 3);
        Check(entry, x, y, "spiral(100, 3) via Global");

        var weights = new float[6];
        RandomState.Global.Randn(weights);
        for (int i = 0; i < weights.Length; i++) weights[i] = 0.01f * weights[i];
        BitEqual(Hex32(entry.GetProperty("dense_2_3_weights_hex")), weights, "0.01·randn(2, 3)");
    }

    [Fact]
    public void SpecTestVectors()
    {
        var (x, y) = SyntheticData.Spiral(100, 3, new RandomState(0));
        Assert.StartsWith("ce93f1d0d63e477e", Sha256<float>(x.Span));
        Assert.StartsWith("7508b74b341a3636", Sha256<byte>(y.Select(v => (byte)v).ToArray()));
        Assert.Equal(0x3b44511bu, BitConverter.SingleToUInt32Bits(x[1, 0]));
        Assert.Equal(0x3c1e0cceu, BitConverter.SingleToUInt32Bits(x[1, 1]));
        Assert.Equal(0x80000000u, BitConverter.SingleToUInt32Bits(x[100, 0]));
        Assert.Equal(0x80000000u, BitConverter.SingleToUInt32Bits(x[100, 1]));
        Assert.Equal(-0.7005848f, x[99, 0]);
        Assert.Equal(-0.71356916f, x[99, 1]);
        Assert.Equal(-15.34763445349381, x.Span.ToArray().Sum(v => (double)v), 1e-9);

        Assert.StartsWith("823d34233e295a07", Sha256<float>(SyntheticData.Spiral(1000, 3, new RandomState(0)).X.Span));

        var (v, _) = SyntheticData.Vertical(100, 3, new RandomState(0));
        Assert.StartsWith("223606dae4955350", Sha256<float>(v.Span));
        Assert.Equal(0.17640524f, v[0, 0]);
        Assert.Equal(0.6883151f, v[0, 1]);
        Assert.Equal(0.6588812f, v[299, 0]);
        Assert.Equal(0.48214108f, v[299, 1]);
    }

    [Fact]
    public void SineIsNumPysFloat64DataRoundedToFloat32()
    {
        var g = s_golden.GetProperty("sine");
        var (x, y) = SyntheticData.Sine();
        Assert.Equal((1000, 1), (x.Rows, x.Columns));
        Assert.Equal((1000, 1), (y.Rows, y.Columns));
        Assert.Equal(g.GetProperty("sha256_x_float32").GetString(), Sha256<float>(x.Span));
        Assert.Equal(g.GetProperty("sha256_y_float32").GetString(), Sha256<float>(y.Span));
        double[] yHead = Doubles(g.GetProperty("y_head"));
        for (int i = 0; i < yHead.Length; i++) Assert.Equal((float)yHead[i], y[i, 0]);
        Assert.Equal((float)g.GetProperty("y_250").GetDouble(), y[250, 0]);
        var every37 = Hex32(g.GetProperty("y_hex_every_37th"));
        BitEqual(every37, Enumerable.Range(0, every37.Length).Select(i => y[i * 37, 0]).ToArray(), "sine y[::37]");
    }

    [Fact]
    public void DatasetsDrawFromGlobalWhenGivenNoGenerator()
    {
        using var scope = RandomState.UseGlobal(new RandomState(0));
        var (a, _) = SyntheticData.Vertical(4, 2);
        var (b, _) = SyntheticData.Vertical(4, 2, new RandomState(0));
        BitEqual(b.Span, a.Span, "vertical via Global");
    }

    [Fact]
    public void BadCountsAreNamed()
    {
        Assert.Equal("samples", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.Spiral(0, 3)).ParamName);
        Assert.Equal("classes", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.Vertical(10, 0)).ParamName);
        Assert.Equal("samples", Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticData.Sine(0)).ParamName);
    }

    private static void Check(JsonElement entry, Matrix x, int[] y, string what)
    {
        Assert.Equal(entry.GetProperty("rows").GetInt32(), x.Rows);
        Assert.Equal(2, x.Columns);
        if (entry.TryGetProperty("x_hex", out var full))
        {
            BitEqual(Hex32(full), x.Span, what + " X");
            Assert.Equal(Longs(entry.GetProperty("y")), y.Select(v => (long)v).ToArray());
        }
        else
        {
            foreach (var row in entry.GetProperty("rows_hex").EnumerateObject())
                BitEqual(Hex32(row.Value), x.Row(int.Parse(row.Name)), $"{what} X[{row.Name}]");
        }
        Assert.Equal(entry.GetProperty("sha256_x").GetString(), Sha256<float>(x.Span));
        Assert.Equal(entry.GetProperty("sha256_y").GetString(), Sha256<byte>(y.Select(v => (byte)v).ToArray()));
    }

    [Fact]
    public void SineValuesAreNumPysFloat64()
    {
        // sine_data(): X[1] = 0.001 and y[1] = 0.006283143965558951 as float64, y[250] = 1.0 (NumPy 1.24).
        var (x, y) = SyntheticData.Sine();
        Assert.True(x.IsFloat64 && y.IsFloat64);
        Assert.Equal(0.001, x.Float64[1]);
        Assert.Equal(0.006283143965558951, y.Float64[1]);
        Assert.Equal(1.0, y.Float64[250]);
    }
}
