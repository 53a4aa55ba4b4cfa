using Nnfs.Randomness;

namespace Nnfs.Tests.Randomness;

/// <summary>Check values of NumPy 1.24's legacy generator seeded with 0 (docs/numerics.md, "The global generator").</summary>
public class RandomStateSpecTests
{
    [Fact]
    public void Seed0FirstTemperedOutputs()
    {
        var rs = new RandomState(0);
        uint[] expected = [2357136044, 2546248239, 3071714933, 3626093760, 2588848963, 3684848379];
        foreach (uint e in expected) Assert.Equal(e, rs.NextUInt32());
    }

    [Fact]
    public void Seed0RandomSample()
    {
        var rs = new RandomState(0);
        Assert.Equal(0.5488135039273248, rs.NextDouble());
        Assert.Equal(0.7151893663724195, rs.NextDouble());
        Assert.Equal(0.6027633760716439, rs.NextDouble());
    }

    [Fact]
    public void Seed0StandardNormal()
    {
        var rs = new RandomState(0);
        var values = new double[6];
        rs.StandardNormal(values);
        Assert.Equal([1.764052345967664, 0.4001572083672233, 0.9787379841057392,
            2.240893199201458, 1.8675579901499675, -0.977277879876411], values);
    }

    [Fact]
    public void Seed0DropoutMask()
    {
        var rs = new RandomState(0);
        long[] drawn = new long[10];
        for (int i = 0; i < drawn.Length; i++) drawn[i] = rs.Binomial(1, 0.9);
        Assert.Equal([1L, 1, 1, 1, 1, 1, 1, 1, 0, 1], drawn);

        var mask = new float[10];
        new RandomState(0).BinomialMask(mask, 0.9, 2f);
        Assert.Equal([2f, 2, 2, 2, 2, 2, 2, 2, 0, 2], mask);
    }

    [Fact]
    public void Seed0Shuffle()
    {
        var rs = new RandomState(0);
        int[] values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        rs.Shuffle<int>(values);
        Assert.Equal([2, 8, 4, 9, 1, 6, 7, 3, 0, 5], values);

        var big = new RandomState(0).Permutation(60000);
        Assert.Equal([3048, 19563, 58303, 8870, 40228, 31488, 21860, 56864, 845, 25770], big[..10]);
    }
}
