namespace Nnfs.Tests;

public class TestSkipTests
{
    [Fact]
    public void OutsideCiAMissingRequirementSkipsWithTheReason()
    {
        var outcome = TestSkip.Outcome("no data here.", "install it.", underCi: false);
        Assert.Equal("no data here.", Assert.IsType<Xunit.SkipException>(outcome).Message);
    }

    [Fact]
    public void UnderCiAMissingRequirementFailsNamingTheFix()
    {
        var outcome = TestSkip.Outcome("no data here.", "install it in .ci/run.", underCi: true);
        Assert.IsNotType<Xunit.SkipException>(outcome);
        Assert.IsAssignableFrom<Xunit.Sdk.XunitException>(outcome);
        Assert.StartsWith("no data here. ", outcome.Message);
        Assert.EndsWith("install it in .ci/run.", outcome.Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void CiIsRecognisedFromTheEnvironmentValue(string? value, bool ci) => Assert.Equal(ci, TestSkip.IsCi(value));
}
