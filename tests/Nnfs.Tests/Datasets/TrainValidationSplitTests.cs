using Nnfs.Datasets;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Datasets;

public class TrainValidationSplitTests
{
    [Fact]
    public void SplitIsASeededPartitionThatKeepsRowsAndTargetsTogether()
    {
        var (x, y) = Data(10);
        var split = TrainValidationSplit.Create(x, y, 0.3, new RandomState(7));
        Assert.Equal(3, split.ValidationX.Rows);
        Assert.Equal(7, split.TrainX.Rows);
        Assert.Equal(Enumerable.Range(0, 10), split.TrainIndices.Concat(split.ValidationIndices).Order());
        Assert.Equal(new RandomState(7).Permutation(10)[..3], split.ValidationIndices);
        for (int i = 0; i < split.TrainIndices.Length; i++)
        {
            int k = split.TrainIndices[i];
            Assert.Equal(x.Row(k).ToArray(), split.TrainX.Row(i).ToArray());
            Assert.Equal(y[k], split.TrainY.Classes![i]);
        }
        var again = TrainValidationSplit.Create(x, y, 0.3, new RandomState(7));
        Assert.Equal(split.TrainIndices, again.TrainIndices);
    }

    [Fact]
    public void MatrixTargetsAreGatheredToo()
    {
        var (x, _) = Data(4);
        var values = new Matrix(4, 1, [10, 11, 12, 13]);
        var split = TrainValidationSplit.Create(x, values, 0.5, new RandomState(1));
        for (int i = 0; i < 2; i++)
            Assert.Equal(10 + split.ValidationIndices[i], split.ValidationY.Values![i, 0]);
    }

    [Fact]
    public void BadArgumentsAreExplained()
    {
        var (x, y) = Data(4);
        Assert.Contains("4 samples (4, 2) but 3 targets", Assert.Throws<ArgumentException>(() => TrainValidationSplit.Create(x, y[..3], 0.5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainValidationSplit.Create(x, y, 1.0));
        Assert.Contains("both must be at least 1", Assert.Throws<ArgumentException>(() => TrainValidationSplit.Create(x, y, 0.01)).Message);
    }

    private static (Matrix X, int[] Y) Data(int n)
    {
        var x = new Matrix(n, 2);
        for (int i = 0; i < n; i++)
        {
            x[i, 0] = i;
            x[i, 1] = -i;
        }
        return (x, Enumerable.Range(0, n).Select(i => i % 3).ToArray());
    }
}
