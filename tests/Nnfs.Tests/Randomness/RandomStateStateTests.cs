using Nnfs.Randomness;

namespace Nnfs.Tests.Randomness;

/// <summary>RandomState.GetState/SetState: NumPy's get_state/set_state.</summary>
public class RandomStateStateTests
{
    private static double[] Draws(RandomState random)
    {
        var values = new List<double>();
        for (int i = 0; i < 5; i++) values.Add(random.NextGaussian());
        values.Add(random.Binomial(1, 0.8));
        values.Add(random.Binomial(10, 0.3));
        values.AddRange(random.Permutation(50).Select(v => (double)v));
        for (int i = 0; i < 700; i++) values.Add(random.NextUInt32()); // crosses a twist
        return [.. values];
    }

    [Fact]
    public void AfterSeeding_TheStateIsNumPys()
    {
        // NumPy: np.random.RandomState(5).get_state() -> ('MT19937', key with key[0] == 5, pos 624, has_gauss 0, 0.0)
        var state = new RandomState(5).GetState();
        Assert.Equal(GeneratorState.KeyLength, state.Key.Length);
        Assert.Equal(5u, state.Key[0]);
        Assert.Equal(unchecked(1812433253u * (5u ^ (5u >> 30)) + 1u), state.Key[1]);
        Assert.Equal((624, false, 0.0), (state.Position, state.HasGauss, state.Gauss));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(625)]
    public void SetState_ContinuesTheStreamExactly(int warmUp)
    {
        var source = new RandomState(42);
        for (int i = 0; i < warmUp; i++) source.NextGaussian(); // odd counts leave a cached Gaussian
        source.Binomial(1, 0.5);
        var state = source.GetState();
        Assert.Equal(warmUp % 2 == 1, state.HasGauss);
        var expected = Draws(source);

        var other = new RandomState(7);
        Draws(other); // its own binomial cache and Gaussian are replaced
        other.SetState(state);
        Assert.Equal(expected, Draws(other));
    }

    [Fact]
    public void GetState_IsACopy_AndSetStateCopiesToo()
    {
        double expected = new RandomState(1).NextDouble();
        var random = new RandomState(1);
        random.GetState().Key[0] ^= 1;
        Assert.Equal(expected, random.NextDouble());

        var state = new RandomState(1).GetState();
        var other = new RandomState(2);
        other.SetState(state);
        state.Key[0] ^= 1;
        Assert.Equal(expected, other.NextDouble());
    }

    [Fact]
    public void SetState_RefusesBadStates_AndChangesNothing()
    {
        var random = new RandomState(3);
        var good = random.GetState();
        double next = new RandomState(3).NextDouble();
        Assert.Throws<ArgumentException>(() => random.SetState(good with { Key = new uint[623] }));
        Assert.Throws<ArgumentException>(() => random.SetState(good with { Key = new uint[624] }));
        Assert.Throws<ArgumentException>(() => random.SetState(good with { Position = 625 }));
        Assert.Throws<ArgumentException>(() => random.SetState(good with { Position = -1 }));
        Assert.Throws<ArgumentException>(() => random.SetState(good with { HasGauss = true, Gauss = double.NaN }));
        Assert.Equal(next, random.NextDouble());
    }

    [Fact]
    public void TheGlobalGeneratorHasState()
    {
        using var scope = RandomState.UseGlobal(new RandomState(11));
        var state = RandomState.Global.GetState();
        double value = RandomState.Global.NextDouble();
        RandomState.Global.SetState(state);
        Assert.Equal(value, RandomState.Global.NextDouble());
    }
}
