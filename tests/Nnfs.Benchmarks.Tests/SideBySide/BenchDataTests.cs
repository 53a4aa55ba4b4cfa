using System.Numerics;
using System.Text.Json;
using Nnfs.Benchmarks.SideBySide;

namespace Nnfs.Benchmarks.Tests.SideBySide;

// Golden values: tests/Nnfs.Benchmarks.Tests/Golden/Bench/benchdata.json, written by make_benchdata_golden.py (same folder)
// from the peers' benchdata.py: /usr/bin/python3 tests/Nnfs.Benchmarks.Tests/Golden/Bench/make_benchdata_golden.py > tests/Nnfs.Benchmarks.Tests/Golden/Bench/benchdata.json
public class BenchDataTests
{
    private static readonly JsonElement s_golden = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "Bench", "benchdata.json"))).RootElement;

    private static ulong[] U64(JsonElement array) => array.EnumerateArray().Select(e => ulong.Parse(e.GetString()!)).ToArray();

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    // NumPy may use its own SIMD log/cos (a few ulp); .NET uses the C library's.
    private static void Close(double expected, double actual, double relative = 1e-14)
        => Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1.0, Math.Abs(expected)),
            $"expected {expected:R}, got {actual:R}");

    private static void CloseFloat(double expected, float actual, int ulps = 1)
    {
        float e = (float)expected;
        int distance = Math.Abs(BitConverter.SingleToInt32Bits(e) - BitConverter.SingleToInt32Bits(actual));
        Assert.True(distance <= ulps, $"expected {e:R}, got {actual:R} ({distance} ulp apart)");
    }

    [Fact]
    public void Mix64_MatchesBenchdata()
    {
        var g = s_golden.GetProperty("mix64");
        var inputs = U64(g.GetProperty("inputs"));
        var outputs = U64(g.GetProperty("outputs"));
        for (int i = 0; i < inputs.Length; i++) Assert.Equal(outputs[i], BenchData.Mix64(inputs[i]));

        var shuffle = U64(s_golden.GetProperty("keys_shuffle0_first8_hashes"));
        for (int i = 0; i < shuffle.Length; i++) Assert.Equal(shuffle[i], BenchData.Hash(BenchData.TagShuffle, i));
    }

    [Theory]
    [InlineData("randn_weights0_first16", BenchData.TagWeights)]
    [InlineData("randn_spiral_first16", BenchData.TagSpiral)]
    public void Randn_MatchesBenchdataUpToLibm(string key, ulong tag)
    {
        var expected = Doubles(s_golden.GetProperty(key));
        var actual = BenchData.Randn(tag, expected.Length);
        for (int i = 0; i < expected.Length; i++) Close(expected[i], actual[i]);
    }

    [Fact]
    public void DenseInit_MatchesBenchdata()
    {
        foreach (var layer in s_golden.GetProperty("dense_init").EnumerateArray())
        {
            var (w, b) = BenchData.DenseInit(layer.GetProperty("layer").GetInt32(),
                layer.GetProperty("inputs").GetInt32(), layer.GetProperty("neurons").GetInt32());
            var first = Doubles(layer.GetProperty("first8"));
            for (int i = 0; i < first.Length; i++) CloseFloat(first[i], w.Span[i]);
            double sum = 0, sumAbs = 0;
            foreach (float v in w.Span) { sum += v; sumAbs += Math.Abs(v); }
            Close(layer.GetProperty("sum").GetDouble(), sum, 1e-9);
            Close(layer.GetProperty("sum_abs").GetDouble(), sumAbs, 1e-9);
            Assert.Equal(1, b.Rows);
            Assert.All(b.Span.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Permutation_IsExactlyBenchdatas()
    {
        foreach (var p in s_golden.GetProperty("permutation").EnumerateArray())
        {
            int n = p.GetProperty("n").GetInt32();
            var order = BenchData.Permutation(p.GetProperty("epoch").GetInt32(), n);
            Assert.Equal(Ints(p.GetProperty("first20")), order[..20]);
            Assert.Equal(Ints(p.GetProperty("last5")), order[^5..]);
            BigInteger fingerprint = 0;
            for (int i = 0; i < n; i++) fingerprint += (BigInteger)(i + 1) * order[i];
            Assert.Equal(BigInteger.Parse(p.GetProperty("fingerprint").GetString()!), fingerprint);
            Assert.Equal(Enumerable.Range(0, n), order.Order());
        }
    }

    [Fact]
    public void Spiral_MatchesBenchdata()
    {
        var g = s_golden.GetProperty("spiral");
        var (x, y) = BenchData.Spiral(g.GetProperty("samples").GetInt32(), g.GetProperty("classes").GetInt32());
        var first = Doubles(g.GetProperty("first6"));
        for (int i = 0; i < first.Length; i++) CloseFloat(first[i], x.Span[i], ulps: 2);
        int k = 0;
        foreach (int row in new[] { 99, 100, 199, 299 })
        {
            var expected = Doubles(g.GetProperty("rows_99_100_199_299")[k++]);
            CloseFloat(expected[0], x[row, 0], ulps: 2);
            CloseFloat(expected[1], x[row, 1], ulps: 2);
        }
        AssertChecksum(g.GetProperty("checksum"), BenchData.Checksum(x, y), 1e-6);
    }

    [Fact]
    public void SynthFashionPixels_AreExactlyBenchdatas()
    {
        var g = s_golden.GetProperty("synth_fashion");
        var a = g.GetProperty("start0_count64");
        var (pixels, labels) = BenchData.SynthFashionPixels(0, 64);
        Assert.Equal(a.GetProperty("pixel_sum").GetInt64(), pixels.Sum(p => (long)p));
        Assert.Equal(Ints(a.GetProperty("first16")), pixels[..16].Select(p => (int)p));
        Assert.Equal(Ints(a.GetProperty("labels")), labels.Select(l => (int)l));
        var b = g.GetProperty("start60000_count8");
        var (pixels2, labels2) = BenchData.SynthFashionPixels(60000, 8);
        Assert.Equal(b.GetProperty("pixel_sum").GetInt64(), pixels2.Sum(p => (long)p));
        Assert.Equal(Ints(b.GetProperty("labels")), labels2.Select(l => (int)l));
    }

    [Fact]
    public void Linspace_EndsExactlyAtStop()
    {
        var v = BenchData.Linspace(4.0, 8.0, 100);
        Assert.Equal(4.0, v[0]);
        Assert.Equal(8.0, v[99]);
        Assert.Equal(1 * (4.0 / 99) + 4.0, v[1]);
    }

    [Fact]
    public void ReadScaledImages_RejectsWrongMagic()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nnfs-bench-bad-{Environment.ProcessId}.gz");
        using (var gz = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest))
            gz.Write([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
        try
        {
            var ex = Assert.Throws<InvalidDataException>(() => BenchData.ReadScaledImages(path));
            Assert.StartsWith(path, ex.Message);
            Assert.Contains("bad magic number 0x00000D01", ex.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void LoadFashion_MissingFolder_NamesTheFix()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => BenchData.LoadFashion(Path.Combine(Path.GetTempPath(), "no-such-nnfs-data")));
        Assert.Contains("--data-dir", ex.Message);
    }

    [Fact]
    public void LoadFashion_WithoutFiles_GivesTheSyntheticSetWhenAllowed()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-nnfs-data");
        var data = BenchData.LoadFashion(missing, allowSynthetic: true);
        var pixels = BenchData.LoadFashionPixels(missing, allowSynthetic: true);
        Assert.StartsWith("synthetic", data.Source);
        Assert.Equal(data.Source, pixels.Source);
        Assert.Equal((60000, 784, 10000, 784), (data.X.Rows, data.X.Columns, data.XTest.Rows, data.XTest.Columns));
        var (head, headLabels) = BenchData.SynthFashionPixels(0, 3);
        Assert.Equal(BenchData.Scale(head, 3, 784).Span.ToArray(), data.X.Span[..(3 * 784)].ToArray());
        Assert.Equal(headLabels.Select(b => (int)b), data.Y[..3]);
        var (testHead, testLabels) = BenchData.SynthFashionPixels(60000, 2);
        Assert.Equal(BenchData.Scale(testHead, 2, 784).Span.ToArray(), data.XTest.Span[..(2 * 784)].ToArray());
        Assert.Equal(testLabels.Select(b => (int)b), data.YTest[..2]);
        Assert.Equal(head, pixels.Train.Pixels[..(3 * 784)]);
        Assert.Equal(data.Y, pixels.Y);
        Assert.Equal(data.XTest.Span.ToArray(), pixels.XTest.Span.ToArray());
        Assert.Equal(BenchData.Checksum(data.X, data.Y).SumX, BenchData.Checksum(pixels.Train, pixels.Y).SumX);
    }

    [Fact]
    public void ReadScaledImages_ScalesLikeBenchdataAndRejectsShortFiles()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nnfs-bench-idx-{Environment.ProcessId}.gz");
        void Write(byte[] bytes)
        {
            using var gz = new System.IO.Compression.GZipStream(File.Create(path), System.IO.Compression.CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        try
        {
            Write([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255, 127, 128]);
            var m = BenchData.ReadScaledImages(path);
            Assert.Equal((2, 2), (m.Rows, m.Columns));
            Assert.Equal([-1f, 1f, (127 - 127.5f) / 127.5f, (128 - 127.5f) / 127.5f], m.Span.ToArray());
            Assert.Equal(BenchData.Scale([0, 255, 127, 128], 2, 2).Span.ToArray(), m.Span.ToArray());

            Write([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 1, 2, 3]);
            Assert.Contains("expected 4 pixel bytes after the header, found 3",
                Assert.Throws<InvalidDataException>(() => BenchData.ReadScaledImages(path)).Message);
        }
        finally { File.Delete(path); }
    }

    // The real files live outside the repository (../shared/datasets or Debian's package); without them the test
    // that needs them is skipped (TestData).
    [Fact]
    public void PixelChecksum_EqualsTheScaledMatrixChecksum()
    {
        var (pixels, labels) = BenchData.SynthFashionPixels(0, 40);
        var y = labels.Select(b => (int)b).ToArray();
        var images = new Nnfs.Datasets.ImageDataSet(pixels, labels, 28, 28);
        var expected = BenchData.Checksum(BenchData.Scale(pixels, 40, 784), y);
        var actual = BenchData.Checksum(images, y);
        Assert.Equal(expected.N, actual.N);
        Assert.Equal(expected.SumX, actual.SumX);
        Assert.Equal(expected.SumX2, actual.SumX2);
        Assert.Equal(expected.LabelCounts, actual.LabelCounts);
    }

    [SkippableFact]
    public void RealFashionMnist_MatchesBenchdataChecksum()
    {
        string dir = TestData.FashionMnistDirectory;
        var g = s_golden.GetProperty("fashion_mnist");
        var data = BenchData.LoadFashion(dir);
        AssertChecksum(g.GetProperty("train"), BenchData.Checksum(data.X, data.Y), 1e-9);
        AssertChecksum(g.GetProperty("test"), BenchData.Checksum(data.XTest, data.YTest), 1e-9);
        Assert.Equal(Ints(g.GetProperty("train_labels_first16")), data.Y[..16]);
        var nonzero = data.X.Row(0).ToArray().Where(v => v != -1f).Take(8).ToArray();
        Assert.Equal(Doubles(g.GetProperty("train_first_row_nonzero8")).Select(d => (float)d), nonzero);
        var pixels = BenchData.LoadFashionPixels(dir);
        AssertChecksum(g.GetProperty("train"), BenchData.Checksum(pixels.Train, pixels.Y), 1e-9);
        Assert.Equal(data.Y, pixels.Y);
        Assert.Equal(data.XTest.Span.ToArray(), pixels.XTest.Span.ToArray());
    }

    private static void AssertChecksum(JsonElement expected, DataChecksum actual, double relative)
    {
        Assert.Equal(expected.GetProperty("n").GetInt32(), actual.N);
        Close(expected.GetProperty("sum_x").GetDouble(), actual.SumX, relative);
        Close(expected.GetProperty("sum_x2").GetDouble(), actual.SumX2, relative);
        Assert.Equal(Ints(expected.GetProperty("label_counts")), actual.LabelCounts);
    }
}
