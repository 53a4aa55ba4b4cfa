using System.Runtime.Intrinsics;

namespace Nnfs.Tests;

/// <summary>The instruction-set tier: detection, the <c>NNFS_ISA</c> switch and the in-process override.</summary>
public class IsaSelectionTests
{
    [Theory]
    [InlineData("avx512", IsaTier.Vector512)]
    [InlineData("AVX2", IsaTier.Vector256)]
    [InlineData(" v128 ", IsaTier.Vector128)]
    [InlineData("V128-Unfused", IsaTier.Vector128Unfused)]
    [InlineData("Scalar", IsaTier.Scalar)]
    public void EachNameSelectsItsTier(string value, IsaTier expected)
    {
        var (tier, invalid) = IsaSelection.Parse(value);
        Assert.Null(invalid);
        Assert.Equal(expected, tier);
        Assert.Equal(value.Trim().ToLowerInvariant(), IsaSelection.Name(tier));
    }

    [Fact]
    public void EveryTierHasANameThatSelectsIt()
    {
        foreach (var tier in Enum.GetValues<IsaTier>())
            Assert.Equal((tier, (string?)null), IsaSelection.Parse(IsaSelection.Name(tier)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    public void UnsetOrAutoSelectsTheHardwareTier(string? value)
    {
        var (tier, invalid) = IsaSelection.Parse(value);
        Assert.Null(invalid);
        Assert.Equal(IsaSelection.Hardware, tier);
    }

    [Theory]
    [InlineData("avx1024")]
    [InlineData("sse")]
    [InlineData("avx-512")]
    public void AnUnknownNameIsReportedOnOneLineNamingIt(string value)
    {
        var (_, invalid) = IsaSelection.Parse(value);
        Assert.Equal(value, invalid);
        var e = new IsaSettingException(value);
        Assert.IsAssignableFrom<InvalidOperationException>(e);
        Assert.Contains($"'{value}'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void TheHardwareTierIsTheWidestAcceleratedVector()
    {
        var expected = Vector512.IsHardwareAccelerated ? IsaTier.Vector512
            : Vector256.IsHardwareAccelerated ? IsaTier.Vector256
            : Vector128.IsHardwareAccelerated
                ? System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? IsaTier.Vector128 : IsaTier.Vector128Unfused
            : IsaTier.Scalar;
        Assert.Equal(expected, Engine.HardwareTier);
    }

    [Fact]
    public void WithoutAnOverrideTheTierIsTheOneNnfsIsaAsksFor()
    {
        var (expected, invalid) = IsaSelection.Parse(Environment.GetEnvironmentVariable(IsaSelection.Variable));
        Assert.Null(invalid);
        Assert.Equal(expected, Engine.Tier);
    }

    [Fact]
    public void UseTierOverridesTheTierForTheFlowAndRestoresIt()
    {
        var before = Engine.Tier;
        using (Engine.UseTier(IsaTier.Scalar))
        {
            Assert.Equal(IsaTier.Scalar, Engine.Tier);
            using (Engine.UseTier(IsaTier.Vector128)) Assert.Equal(IsaTier.Vector128, Engine.Tier);
            Assert.Equal(IsaTier.Scalar, Engine.Tier);
        }
        Assert.Equal(before, Engine.Tier);
    }
}
