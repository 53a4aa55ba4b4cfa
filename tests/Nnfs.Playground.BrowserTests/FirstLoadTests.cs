using System.Diagnostics;
using System.Globalization;
using Nnfs.Browser.Tests;
using Xunit.Abstractions;

namespace Nnfs.Playground.BrowserTests;

/// <summary>What the first visit costs: bytes transferred (asserted under 10 MB) and the time until the page can be
/// used (reported, never asserted: a timing is not a test on a shared machine).</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class FirstLoadTests(PlaygroundApp app, ITestOutputHelper output)
{
    /// <summary>The issue's budget for the first load: 10 MB (10,000,000 bytes) transferred.</summary>
    private const long Budget = 10_000_000;

    [SkippableFact]
    public async Task TheFirstLoadTransfersUnderTenMegabytes()
    {
        HeadlessChromium.Require();
        await using var page = await PlaygroundPage.OpenAsync(app);
        var responses = await page.ResponsesAsync();
        long bytes = responses.Sum(r => r.Transferred), decoded = responses.Sum(r => r.Decoded);
        Assert.True(responses.Count > 5, $"only {responses.Count} responses were seen");
        Assert.True(bytes > 500_000, $"{bytes} bytes is too few for the .NET runtime: the count misses responses");
        // The browser's count covers at least the bodies the server says it sent (it adds the headers).
        Assert.True(bytes >= page.ServedBytes, $"the browser counted {bytes} bytes, the server sent {page.ServedBytes}");
        Assert.True(bytes < Budget, string.Create(CultureInfo.InvariantCulture, $"the first load transferred {bytes / 1e6:F2} MB in {responses.Count} responses, over the 10 MB budget"));
        var wasm = responses.Where(r => r.Path.EndsWith(".wasm", StringComparison.Ordinal)).ToList();
        Assert.True(wasm.Count > 5, $"only {wasm.Count} .wasm responses were seen");
        // A server with the publish's compressed copies sends them: every .wasm arrives smaller than it decodes to.
        if (page.Precompressed)
            Assert.All(wasm, r => Assert.True(r.Encoded < r.Decoded, $"{r.Path} arrived as {r.Encoded} bytes, uncompressed ({r.Decoded})"));

        // Usable means the controls answer: one epoch on a click.
        var clock = Stopwatch.StartNew();
        await page.Page.ClickAsync("#step");
        await page.WaitForStatusAsync(["paused"], PlaygroundPage.LoadTimeoutMs);
        Assert.Equal("1", await page.TextAsync("epoch"));
        var firstStep = clock.Elapsed;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first load: {bytes / 1e6:F2} MB transferred in {responses.Count} responses ({(page.Precompressed ? "Brotli copies" : "plain files")}; " +
            $"{decoded / 1e6:F2} MB decoded; the server's count of bodies: {page.ServedBytes / 1e6:F2} MB), " +
            $"ready (status ready, Start enabled) {page.Interactive.TotalSeconds:F2} s after navigation by the browser's clock " +
            $"({page.InteractiveWall.TotalSeconds:F2} s as the test saw it; the test process used {page.HarnessCpu.TotalSeconds:F2} s of CPU meanwhile), one epoch on a click {firstStep.TotalMilliseconds:F0} ms later, " +
            $"publish {app.PublishTime.TotalSeconds:F0} s"));
    }
}
