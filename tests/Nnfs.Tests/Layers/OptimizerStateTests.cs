using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Tests.Layers;

public class OptimizerStateTests
{
    [Fact]
    public void KnownSlotsFollowEveryChangeByName()
    {
        var state = new OptimizerState();
        Matrix m1 = new(2, 2), m2 = new(2, 2), c1 = new(2, 2), other = new(2, 2);
        state["momentum"] = m1;
        state.Add("cache", c1);
        state["other"] = other;
        Assert.Same(m1, state.Momentum);
        Assert.Same(c1, state.Cache);

        state["momentum"] = m2;
        Assert.Same(m2, state.Momentum);
        Assert.True(state.Remove("cache"));
        Assert.Null(state.Cache);
        Assert.False(state.Remove("cache"));
        Assert.Same(m2, state.Momentum);

        ICollection<KeyValuePair<string, Matrix>> pairs = state;
        Assert.False(pairs.Remove(new("momentum", m1)));
        Assert.Same(m2, state.Momentum);
        Assert.True(pairs.Remove(new("momentum", m2)));
        Assert.Null(state.Momentum);

        pairs.Add(new("momentum", m1));
        state["cache"] = c1;
        state.Clear();
        Assert.Null(state.Momentum);
        Assert.Null(state.Cache);
        Assert.Empty(state);
    }

    [Fact]
    public void OtherSlotsAreKeptButNotKnown()
    {
        var state = new OptimizerState { ["Momentum"] = new Matrix(1, 1), ["velocity"] = new Matrix(1, 1) };
        Assert.Null(state.Momentum);
        Assert.Null(state.Cache);
        Assert.Equal(["Momentum", "velocity"], state.Keys.Order());
    }

    [Fact]
    public void ANullMatrixIsRefused()
    {
        var state = new OptimizerState();
        Assert.Throws<ArgumentNullException>(() => state["momentum"] = null!);
        Assert.Throws<ArgumentNullException>(() => state.Add("cache", null!));
        Assert.Empty(state);
    }
}
