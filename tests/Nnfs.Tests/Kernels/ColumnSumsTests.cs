using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public class ColumnSumsTests
{
    private static float[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 4 - 2);
        return v;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(70)]
    [InlineData(10)]
    [InlineData(128)]
    [InlineData(137)]
    public void SumsEachColumnInRowOrder(int columns)
    {
        const int rows = 37;
        var g = Values(rows * columns, columns);
        var expected = new float[columns];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < columns; j++) expected[j] += g[r * columns + j];
        var actual = new float[columns];
        ColumnSums.InRowOrder(g, columns, actual);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void NumPyAxis0SumsASingleColumnPairwiseAndSeveralInRowOrder()
    {
        var single = Values(1000, 3);
        var sums = new float[1];
        ColumnSums.NumPyAxis0(single, 1, sums);
        Assert.Equal(BitConverter.SingleToInt32Bits(NumPySum.Sum(single)), BitConverter.SingleToInt32Bits(sums[0]));
        float rowOrder = 0f;
        foreach (float v in single) rowOrder += v;
        Assert.NotEqual(rowOrder, sums[0]);

        var wide = Values(1000, 4);
        var expected = new float[4];
        ColumnSums.InRowOrder(wide, 4, expected);
        var actual = new float[4];
        ColumnSums.NumPyAxis0(wide, 4, actual);
        Assert.Equal(expected, actual);
    }
}
