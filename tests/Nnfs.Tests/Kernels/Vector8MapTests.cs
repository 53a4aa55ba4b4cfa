using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public class Vector8MapTests
{
    private readonly struct TwicePlusOne : IVector8Function
    {
        public static Vector256<float> Apply(Vector256<float> x) => x * 2f + Vector256<float>.One;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(31)]
    public void AppliesTheFunctionToEveryElementAndWritesNothingPastTheEnd(int length)
    {
        Assert.True(Avx2.IsSupported, "Vector8Map is used behind an Avx2 check");
        var x = Enumerable.Range(0, length).Select(i => i * 0.25f - 3f).ToArray();
        var destination = Enumerable.Repeat(float.NaN, length + 9).ToArray();
        Vector8Map.Apply<TwicePlusOne>(x, destination, pad: 1e30f);
        for (int i = 0; i < length; i++) Assert.Equal(x[i] * 2f + 1f, destination[i]);
        for (int i = length; i < destination.Length; i++) Assert.True(float.IsNaN(destination[i]), $"destination[{i}] written");
    }

    [Fact]
    public void WorksInPlace()
    {
        var values = Enumerable.Range(0, 13).Select(i => (float)i).ToArray();
        Vector8Map.Apply<TwicePlusOne>(values, values, pad: 0f);
        Assert.Equal(Enumerable.Range(0, 13).Select(i => i * 2f + 1f), values);
    }
}
