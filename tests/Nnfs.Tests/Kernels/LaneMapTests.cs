using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public class LaneMapTests
{
    private readonly struct TwicePlusOne : ILaneFunction
    {
        public static TL Apply<TL>(TL x) where TL : unmanaged, ILanes<TL> => x * TL.Create(2f) + TL.Create(1f);
    }

    public static TheoryData<IsaTier, int> Cases()
    {
        var data = new TheoryData<IsaTier, int>();
        foreach (var tier in Enum.GetValues<IsaTier>())
            foreach (int length in new[] { 0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33 })
                data.Add(tier, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AppliesTheFunctionToEveryElementAndWritesNothingPastTheEnd(IsaTier tier, int length)
    {
        using var _ = Engine.UseTier(tier);
        var x = Enumerable.Range(0, length).Select(i => i * 0.25f - 3f).ToArray();
        var destination = Enumerable.Repeat(float.NaN, length + 17).ToArray();
        LaneMap.Apply<TwicePlusOne>(x, destination, pad: 1e30f);
        for (int i = 0; i < length; i++) Assert.Equal(x[i] * 2f + 1f, destination[i]);
        for (int i = length; i < destination.Length; i++) Assert.True(float.IsNaN(destination[i]), $"destination[{i}] written");
    }

    [Theory]
    [InlineData(IsaTier.Scalar)]
    [InlineData(IsaTier.Vector128)]
    [InlineData(IsaTier.Vector128Unfused)]
    [InlineData(IsaTier.Vector256)]
    [InlineData(IsaTier.Vector512)]
    public void WorksInPlace(IsaTier tier)
    {
        using var _ = Engine.UseTier(tier);
        var values = Enumerable.Range(0, 37).Select(i => (float)i).ToArray();
        LaneMap.Apply<TwicePlusOne>(values, values, pad: 0f);
        Assert.Equal(Enumerable.Range(0, 37).Select(i => i * 2f + 1f), values);
    }
}
