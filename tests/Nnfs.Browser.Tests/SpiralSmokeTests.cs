using Nnfs.Browser.Smoke;

namespace Nnfs.Browser.Tests;

/// <summary>The page's bit format, on the desktop.</summary>
public sealed class SpiralSmokeTests
{
    [Fact]
    public void HexKeepsEveryBitAndFromHexReadsItBack()
    {
        float[] values = [1f, -0f, float.Epsilon, float.NaN, BitConverter.UInt32BitsToSingle(0x7fc00001), float.NegativeInfinity, 0.1f];
        string text = SpiralSmoke.Hex(values);
        Assert.Equal("3f800000 80000000 00000001", text[..26]);
        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), SpiralSmoke.FromHex(text).Select(BitConverter.SingleToUInt32Bits));
    }

    [Theory]
    [InlineData("3f80000")]
    [InlineData("3f80000g")]
    [InlineData("3f800000 +3f80000")]
    public void FromHexNamesAWordThatIsNotEightHexDigits(string text)
    {
        var error = Assert.Throws<FormatException>(() => SpiralSmoke.FromHex(text));
        Assert.Contains("is not the 8 hex digits", error.Message);
    }

    [Theory]
    [InlineData("", SpiralSmoke.TimedEpochs)]
    [InlineData("?isa=scalar", SpiralSmoke.TimedEpochs)]
    [InlineData("?epochs=10001", 10_001)]
    [InlineData("?isa=v128&epochs=5", 5)]
    public void TheTimedRunTakesTheEpochsOfTheQueryString(string query, int expected) =>
        Assert.Equal(expected, SpiralSmoke.EpochsFromQuery(query));

    [Theory]
    [InlineData("?epochs=0")]
    [InlineData("?epochs=-3")]
    [InlineData("?epochs=100001")]
    [InlineData("?epochs=ten")]
    [InlineData("?epochs=")]
    public void AnEpochCountOutOfRangeIsNamed(string query)
    {
        var error = Assert.Throws<FormatException>(() => SpiralSmoke.EpochsFromQuery(query));
        Assert.Contains(query[1..], error.Message);
    }
}
