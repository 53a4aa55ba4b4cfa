namespace Nnfs.Testing;

/// <summary>
/// Skips the running test with a reason when something it needs is missing (a data set), or fails it under CI
/// (environment variable <c>CI</c> = <c>true</c> or <c>1</c>), where every test must run: a missing install step in
/// .ci/run must not hide a test. Tests that can skip carry <c>[SkippableFact]</c> or <c>[SkippableTheory]</c>; under
/// a plain <c>[Fact]</c> the skip is reported as a failure, never as a pass.
/// </summary>
public static class TestSkip
{
    /// <summary>True when the environment variable <c>CI</c> is <c>true</c> (any case) or <c>1</c>.</summary>
    public static bool UnderCi { get; } = IsCi(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Whether a value of <c>CI</c> means a CI run.</summary>
    public static bool IsCi(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";

    /// <summary>Skips the test (or fails it under CI); never returns.</summary>
    /// <param name="reason">What is missing and where it was looked for.</param>
    /// <param name="ciFix">What .ci/run must do so that the test runs there.</param>
    public static Exception Because(string reason, string ciFix) => throw Outcome(reason, ciFix, UnderCi);

    /// <summary>The exception <see cref="Because"/> throws: a skip, or under CI a failed assertion naming the fix.</summary>
    public static Exception Outcome(string reason, string ciFix, bool underCi) =>
        underCi
            ? new Xunit.Sdk.XunitException($"{reason} Under CI (CI=true) a skipped test fails the run: {ciFix}")
            : new Xunit.SkipException(reason);
}
