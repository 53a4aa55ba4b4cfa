using Nnfs.Datasets;

namespace Nnfs.Tests.Datasets;

public class IdxDatasetTests
{
    private static string WriteSet(TempDir tmp, byte[] labels)
    {
        string dir = tmp.Combine("set");
        Directory.CreateDirectory(dir);
        using (var images = File.Create(Path.Combine(dir, IdxDataset.TestImages)))
            IdxFile.WriteImages(images, new byte[labels.Length * 4], labels.Length, 2, 2);
        using (var stream = File.Create(Path.Combine(dir, IdxDataset.TestLabels)))
            IdxFile.WriteLabels(stream, labels);
        return dir;
    }

    [Fact]
    public void LabelOutOfRangeIsRefusedNamingTheFileIndexAndValue()
    {
        using var tmp = new TempDir();
        string dir = WriteSet(tmp, [1, 9, 12, 3]);
        var e = Assert.Throws<InvalidDataException>(() => IdxDataset.FashionMnist.Load(dir, DataSplitKind.Test));
        Assert.Contains(Path.Combine(dir, IdxDataset.TestLabels), e.Message);
        Assert.Contains("label 12 at index 2", e.Message);
        Assert.Contains("10 classes of fashion-mnist", e.Message);
    }

    [Fact]
    public void LabelsBelowTheClassCountLoad()
    {
        using var tmp = new TempDir();
        string dir = WriteSet(tmp, [0, 9, 12, 3]);
        var data = (IdxDataset.Mnist with { Classes = 13 }).Load(dir, DataSplitKind.Test);
        Assert.Equal([0, 9, 12, 3], data.Labels);
        Assert.Throws<InvalidDataException>(() => (IdxDataset.Mnist with { Classes = 12 }).Load(dir, DataSplitKind.Test));
    }

    [Fact]
    public void ClassCountsAboveAByteAcceptEveryLabel()
    {
        using var tmp = new TempDir();
        string dir = WriteSet(tmp, [0, 255, 12]);
        Assert.Equal([0, 255, 12], (IdxDataset.Mnist with { Classes = 256 }).Load(dir, DataSplitKind.Test).Labels);
        Assert.Equal([0, 255, 12], (IdxDataset.Mnist with { Classes = 1000 }).Load(dir, DataSplitKind.Test).Labels);
    }
}
