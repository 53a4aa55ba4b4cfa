using System.Globalization;
using Nnfs.Browser.Tests;
using Xunit.Abstractions;

namespace Nnfs.Playground.BrowserTests;

/// <summary>What the first visit costs: bytes transferred (asserted under 10 MB) and the time until the page can be
/// used (reported, never asserted: a timing is not a test on a shared machine).</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class FirstLoadTests(PlaygroundApp app, ITestOutputHelper output)
{
    /// <summary>The budget for the first load: 10 MB (10,000,000 bytes) transferred.</summary>
    private const long Budget = 10_000_000;

    [SkippableFact]
    public async Task TheFirstLoadTransfersUnderTenMegabytes()
    {
        HeadlessChromium.Require();
        await using var page = await PlaygroundPage.OpenAsync(app);
        var (bytes, responses) = await page.TransferredAsync();
        Assert.True(responses > 5, $"only {responses} responses were seen");
        Assert.True(bytes > 1_000_000, $"{bytes} bytes is too few for the .NET runtime: the count misses responses");
        Assert.True(bytes < Budget, string.Create(CultureInfo.InvariantCulture, $"the first load transferred {bytes / 1e6:F2} MB in {responses} responses, over the 10 MB budget"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first load: {bytes / 1e6:F2} MB transferred in {responses} responses (the server's count of bodies: {page.ServedBytes / 1e6:F2} MB), " +
            $"interactive (first network built, status ready) {page.Interactive.TotalSeconds:F2} s after navigation, publish {app.PublishTime.TotalSeconds:F0} s"));
    }
}
