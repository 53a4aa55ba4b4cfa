using Nnfs.Datasets;
using Nnfs.Imaging;

namespace Nnfs.Imaging.Tests;

public class ImageFolderDatasetTests
{
    [SkippableFact]
    public void FolderReaderAgreesWithIdxReaderInBookOrder()
    {
        using var tmp = new TempDir();
        // 120 real test images written as the book's folders (train/<label>/0000.png …, numbered in IDX order).
        var idx = TestData.FashionMnistTest.Select(Enumerable.Range(0, 120).ToArray());
        ImageFolderDataset.Save(idx, tmp.Path, "test");
        Assert.True(File.Exists(tmp.Combine("test", "9", "0000.png")));

        var fromFolders = ImageFolderDataset.Load(tmp.Path, "test");
        var expected = idx.ToBookOrder();
        Assert.Equal(expected.Labels, fromFolders.Labels);
        Assert.Equal(expected.Pixels, fromFolders.Pixels);
        Assert.Equal((28, 28), (fromFolders.Height, fromFolders.Width));
    }

    [Fact]
    public void LabelFoldersSortNumericallyAndFilesByName()
    {
        using var tmp = new TempDir();
        foreach (var (label, file, value) in new[] { ("10", "a.png", 1), ("9", "b.png", 2), ("9", "a.png", 3), ("2", "0001.png", 4), ("2", "0000.png", 5) })
        {
            Directory.CreateDirectory(tmp.Combine("train", label));
            ImageCodec.SavePng(new GrayImage(2, 1, [(byte)value, 0]), tmp.Combine("train", label, file));
        }
        File.WriteAllText(tmp.Combine("train", "9", "notes.txt"), "ignored");
        var data = ImageFolderDataset.Load(tmp.Path, "train");
        Assert.Equal([2, 2, 9, 9, 10], data.Labels);
        Assert.Equal([5, 4, 3, 2, 1], Enumerable.Range(0, 5).Select(i => (int)data.Image(i)[0]));
    }

    [Fact]
    public void BadLayoutsAreExplained()
    {
        using var tmp = new TempDir();
        Assert.Throws<DirectoryNotFoundException>(() => ImageFolderDataset.Load(tmp.Path, "train"));

        Directory.CreateDirectory(tmp.Combine("train", "shirts"));
        var ex = Assert.Throws<InvalidDataException>(() => ImageFolderDataset.Load(tmp.Path, "train"));
        Assert.Contains("'shirts' is not a class number", ex.Message);

        Directory.Delete(tmp.Combine("train", "shirts"));
        Directory.CreateDirectory(tmp.Combine("train", "0"));
        Directory.CreateDirectory(tmp.Combine("train", "1"));
        ImageCodec.SavePng(new GrayImage(28, 28, new byte[784]), tmp.Combine("train", "0", "0000.png"));
        ImageCodec.SavePng(new GrayImage(27, 28, new byte[27 * 28]), tmp.Combine("train", "1", "0000.png"));
        var ex2 = Assert.Throws<InvalidDataException>(() => ImageFolderDataset.Load(tmp.Path, "train"));
        Assert.Contains(Path.Combine("train", "1", "0000.png"), ex2.Message);
        Assert.Contains("27×28", ex2.Message);
    }
}
