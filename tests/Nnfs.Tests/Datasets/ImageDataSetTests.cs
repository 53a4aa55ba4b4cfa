using Nnfs.Datasets;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Datasets;

public class ImageDataSetTests
{
    // The book's chapter 19 code run with NumPy, label folders and files read in sorted order (docs/numerics.md, "Data sets").
    private static readonly int[] SpecKeys = [3048, 19563, 58303, 8870, 40228, 31488, 21860, 56864, 845, 25770];
    private static readonly int[] SpecShuffledLabels = [0, 3, 9, 1, 6, 5, 3, 9, 0, 4];

    [SkippableFact]
    public void KeyedShuffleAfterInitGivesTheSpecKeys()
    {
        var shuffled = TestData.FashionMnistTrain.Shuffle(new RandomState(0), out var keys);
        Assert.Equal(SpecKeys, keys[..10]);
        Assert.Equal(60000, keys.Distinct().Count());
        Assert.Equal(TestData.FashionMnistTrain.Image(keys[5]).ToArray(), shuffled.Image(5).ToArray());
    }

    [SkippableFact]
    public void ShuffleOfALargeSetCopiesEveryImageAndLabel()
    {
        // The shuffled 47 MB copy takes the large-array path (pinned, huge-page advice on Linux).
        var train = TestData.FashionMnistTrain;
        var shuffled = train.Shuffle(new RandomState(7), out var keys);
        Assert.Equal(train.Pixels.Length, shuffled.Pixels.Length);
        for (int i = 0; i < keys.Length; i++)
        {
            if (!shuffled.Image(i).SequenceEqual(train.Image(keys[i]))) Assert.Fail($"image {i} is not image {keys[i]}");
            Assert.Equal(train.Labels[keys[i]], shuffled.Labels[i]);
        }
    }

    [SkippableFact]
    public void BookOrderReproducesTheSpecShuffledLabels()
    {
        var file = TestData.FashionMnistTrain;
        var book = file.ToBookOrder();
        var shuffled = book.Shuffle(new RandomState(0), out _);
        Assert.Equal(SpecShuffledLabels, shuffled.Labels[..10].Select(b => (int)b));

        // In file order the same keys pick other samples: the book's order matters.
        var fileShuffled = file.Shuffle(new RandomState(0), out _);
        Assert.NotEqual(SpecShuffledLabels, fileShuffled.Labels[..10].Select(b => (int)b));
    }

    [SkippableFact]
    public void BookOrderIsClassMajorAndKeepsFileOrderWithinAClass()
    {
        var file = TestData.FashionMnistTest;
        var book = IdxDataset.FashionMnist.Load(TestData.FashionMnistDirectory, DataSplitKind.Test, SampleOrder.Book);
        for (int i = 0; i < book.Count; i++) Assert.Equal(i / 1000, book.Labels[i]);
        // The first class-3 image of the file is book image 3000, the second is 3001.
        int firstThree = Array.IndexOf(file.Labels, (byte)3);
        Assert.Equal(file.Image(firstThree).ToArray(), book.Image(3000).ToArray());
        int secondThree = Array.IndexOf(file.Labels, (byte)3, firstThree + 1);
        Assert.Equal(file.Image(secondThree).ToArray(), book.Image(3001).ToArray());
    }

    [Fact]
    public void ScalingMatchesNumPyBitForBit()
    {
        // Golden pixel_scale.txt: (np.arange(256, uint8).astype(float32) - 127.5) / 127.5 as float32 bits.
        var table = TestData.GoldenLines("pixel_scale.txt")
            .Select(l => l.Split(' '))
            .ToDictionary(f => int.Parse(f[0]), f => Convert.ToUInt32(f[1], 16));
        Assert.Equal(256, table.Count);
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var scaled = new float[256];
        PixelScaling.Scale(all, scaled);
        for (int i = 0; i < 256; i++)
        {
            Assert.Equal(table[i], BitConverter.SingleToUInt32Bits(scaled[i]));
            Assert.Equal(table[i], BitConverter.SingleToUInt32Bits(PixelScaling.Scale((byte)i)));
        }
        Assert.Equal(-1f, scaled[0]);
        Assert.Equal(1f, scaled[255]);
    }

    [Fact]
    public void EveryVectorPathGivesTheGoldenBitsForAll256Pixels()
    {
        var table = TestData.GoldenLines("pixel_scale.txt")
            .Select(l => l.Split(' '))
            .ToDictionary(f => int.Parse(f[0]), f => Convert.ToUInt32(f[1], 16));
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var paths = new List<Func<byte[], float[], int>> { (p, d) => PixelScaling.ScaleVector(p, d) };
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported)
            paths.Add((p, d) => PixelScaling.ScaleAvx2(p, d));
        foreach (var path in paths)
        {
            var scaled = new float[256];
            int done = path(all, scaled);
            Assert.True(done == 256 || !System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated);
            for (int i = 0; i < done; i++) Assert.Equal(table[i], BitConverter.SingleToUInt32Bits(scaled[i]));
        }
    }

    [Fact]
    public void GatherScaledEqualsTheScaledMatrixRows()
    {
        var pixels = new byte[50 * 12];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 31 % 256);
        var set = new ImageDataSet(pixels, new byte[50], 3, 4);
        var full = set.ToMatrix();
        int[] indices = [7, 0, 49, 3, 3, 21, 10, 8, 1];
        Nnfs.Tensors.Matrix? batch = null;
        set.GatherScaled(indices, ref batch);
        for (int i = 0; i < indices.Length; i++) Assert.Equal(full.Row(indices[i]).ToArray(), batch!.Row(i).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => set.GatherScaled([1, 50], ref batch));
    }

    [Fact]
    public void VectorPathEqualsTheScalarFormulaAtEveryOffset()
    {
        var pixels = Enumerable.Range(0, 3 * 256 + 13).Select(i => (byte)(i * 97 % 256)).ToArray();
        var scaled = new float[pixels.Length];
        for (int start = 0; start < 40; start += 13)
        {
            PixelScaling.Scale(pixels.AsSpan(start), scaled.AsSpan(start));
            for (int i = start; i < pixels.Length; i++)
                Assert.Equal(BitConverter.SingleToUInt32Bits((pixels[i] - 127.5f) / 127.5f), BitConverter.SingleToUInt32Bits(scaled[i]));
        }
        Assert.Throws<ArgumentException>(() => PixelScaling.Scale(pixels, new float[3]));
    }

    [Fact]
    public void BatchScalingAndGatherEqualWholeSetScaling()
    {
        var data = Small();
        var whole = data.ToMatrix();
        Assert.Equal((5, 6), (whole.Rows, whole.Columns));
        Matrix? buffer = null;
        var batch = data.ScaleBatch(1, 3, ref buffer);
        Assert.Same(buffer, batch);
        for (int r = 0; r < 3; r++) Assert.Equal(whole.Row(r + 1).ToArray(), batch.Row(r).ToArray());
        var reused = data.ScaleBatch(4, 1, ref buffer);
        Assert.Same(batch, reused);
        Assert.Equal(1, reused.Rows);
        Assert.Equal(whole.Row(4).ToArray(), reused.Row(0).ToArray());

        int[] picks = [4, 0, 4, 2];
        var gathered = data.GatherScaled(picks, ref buffer);
        Assert.Same(batch, gathered);
        for (int r = 0; r < picks.Length; r++) Assert.Equal(whole.Row(picks[r]).ToArray(), gathered.Row(r).ToArray());
        for (int i = 0; i < whole.Length; i++) Assert.Equal((data.Pixels[i] - 127.5f) / 127.5f, whole.Span[i]);
    }

    [Fact]
    public void SelectIsFancyIndexing()
    {
        var data = Small();
        var picked = data.Select([3, 3, 0]);
        Assert.Equal([data.Labels[3], data.Labels[3], data.Labels[0]], picked.Labels);
        Assert.Equal(data.Image(3).ToArray(), picked.Image(1).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Select([5]));
    }

    [Fact]
    public void BadShapesAndRangesAreRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ImageDataSet(new byte[10], new byte[2], 2, 3));
        Assert.Contains("need 12 pixel bytes, got 10", ex.Message);
        Matrix? buffer = null;
        Assert.Throws<ArgumentOutOfRangeException>(() => Small().ScaleBatch(3, 3, ref buffer));
        Assert.Throws<ArgumentOutOfRangeException>(() => Small().GatherScaled([7], ref buffer));
    }

    [Fact]
    public void ClassIdsAreIntegers()
    {
        Assert.Equal([2, 0, 1, 2, 1], Small().ClassIds());
    }

    private static ImageDataSet Small()
    {
        var pixels = Enumerable.Range(0, 5 * 6).Select(i => (byte)(i * 37 % 256)).ToArray();
        return new ImageDataSet(pixels, [2, 0, 1, 2, 1], 2, 3);
    }
}
