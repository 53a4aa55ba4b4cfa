using Nnfs.Benchmarks.SideBySide;

namespace Nnfs.Benchmarks.Tests.SideBySide;

public class InferenceAgreementTests
{
    [Fact]
    public void EqualOutputs_Agree()
    {
        var check = new InferenceAgreement();
        check.Add([0.1f, 0.7f, 0.2f, 0.5f, 0.25f, 0.25f], [0.1f, 0.7f, 0.2f, 0.5f, 0.25f, 0.25f], classes: 3);
        Assert.True(check.Agrees);
        Assert.Equal(2, check.Rows);
        Assert.Equal(0, check.MaxAbsDifference);
        Assert.StartsWith("2 rows: arg-max equal", check.Describe());
    }

    [Fact]
    public void ADifferenceBeyondTheTolerance_Disagrees_NamingTheRow()
    {
        var check = new InferenceAgreement(tolerance: 1e-5f);
        check.Add([0.1f, 0.7f, 0.2f], [0.1f, 0.7f, 0.2f], 3);
        check.Add([0.1f, 0.7f, 0.2f], [0.1f, 0.69f, 0.21f], 3);
        Assert.False(check.Agrees);
        Assert.Equal(0.01, check.MaxAbsDifference, 1e-6);
        Assert.Equal(1, check.FirstDisagreement);
        Assert.Contains("first disagreeing row 1", check.Describe());
    }

    [Fact]
    public void AnotherArgMax_Disagrees_UnlessItIsATieWithinTheTolerance()
    {
        var tie = new InferenceAgreement(tolerance: 1e-3f);
        tie.Add([0.5000f, 0.4995f, 0.0005f], [0.4995f, 0.5000f, 0.0005f], 3);
        Assert.True(tie.Agrees);
        Assert.Equal(0, tie.ArgMaxMismatches);

        // Every value within the tolerance, but ours ranks the other engine's class 0.3 below our top one.
        var other = new InferenceAgreement(tolerance: 0.29f);
        other.Add([0.6f, 0.3f, 0.1f], [0.55f, 0.58f, 0.1f], 3);
        Assert.False(other.Agrees);
        Assert.Equal(1, other.ArgMaxMismatches);
        Assert.Contains("arg-max differs in 1", other.Describe());
    }

    [Fact]
    public void NonFiniteValues_Disagree()
    {
        var check = new InferenceAgreement();
        check.Add([float.NaN, 1f], [0f, 1f], 2);
        Assert.False(check.Agrees);
        Assert.Equal(1, check.NonFinite);
    }

    [Fact]
    public void NothingCompared_DoesNotAgree()
    {
        Assert.False(new InferenceAgreement().Agrees);
        Assert.Contains("nothing compared", new InferenceAgreement().Describe());
    }

    [Fact]
    public void OutputsOfDifferentLengths_AreRefused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new InferenceAgreement().Add([1f, 2f, 3f], [1f, 2f], 3));
        Assert.Contains("3 and 2 values", ex.Message);
        Assert.Throws<ArgumentException>(() => new InferenceAgreement().Add([1f, 2f, 3f], [1f, 2f, 3f], 2));
    }
}
