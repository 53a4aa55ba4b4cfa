using System.Globalization;
using Microsoft.Playwright;
using Nnfs.Browser.Smoke;
using Xunit.Abstractions;

namespace Nnfs.Browser.Tests;

/// <summary>
/// The library in a Blazor WebAssembly page (tests/Nnfs.Browser.Smoke) in headless Chromium, served from a loopback
/// server: it runs single-threaded on the unfused 128-bit tier (WebAssembly SIMD has no fused multiply-add), or on the
/// tier <c>?isa=</c> forces, and its training steps give the bits the desktop gives with the same tier forced: in the
/// browser's own tier, the whole of the book's 10,001-epoch run (issue 16's playground preset).
/// </summary>
public sealed class SmokePageTests(SmokeApp app, ITestOutputHelper output) : IClassFixture<SmokeApp>
{
    /// <summary>The interpreter needs a few seconds for the runtime and the 1,001 timed epochs; a busy machine more.</summary>
    private const float PageTimeoutMs = 300_000;

    [SkippableTheory]
    [InlineData("", IsaTier.Vector128Unfused, SpiralSmoke.BookEpochs)]
    [InlineData("v128", IsaTier.Vector128, SpiralSmoke.TimedEpochs)]
    [InlineData("scalar", IsaTier.Scalar, SpiralSmoke.TimedEpochs)]
    public async Task ThePageTrainsSingleThreadedWithTheDesktopBitsOfItsTier(string isa, IsaTier tier, int epochs)
    {
        HeadlessChromium.Require();
        string webRoot = app.WebRoot;
        await using var site = await StaticSite.StartAsync(webRoot);
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => { lock (console) console.Add($"{message.Type}: {message.Text}"); };
        page.PageError += (_, error) => { lock (console) console.Add($"page error: {error}"); };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await page.GotoAsync(site.Address + "/?epochs=" + epochs + (isa == "" ? "" : "&isa=" + isa));
        await page.WaitForFunctionAsync("() => ['done', 'failed'].includes(document.getElementById('status')?.textContent)",
            null, new() { Timeout = PageTimeoutMs });
        var pageTime = clock.Elapsed;
        string screenshot = await HeadlessChromium.ScreenshotAsync(page, $"smoke-page-{tier}.png");
        string Log() { lock (console) return string.Join('\n', console); }
        Assert.True(await Text(page, "status") == "done", $"the page failed: {await Text(page, "error")}\n{Log()}");

        // What the library sees in the browser: WebAssembly SIMD (128 bits, no fused multiply-add) and nothing wider,
        // one thread; the tier is the detected one unless ?isa= forced another.
        Assert.Equal(tier.ToString(), await Text(page, "tier"));
        Assert.Equal(nameof(IsaTier.Vector128Unfused), await Text(page, "hardware-tier"));
        Assert.Equal("True", await Text(page, "v128"));
        Assert.Equal("False", await Text(page, "v256"));
        Assert.Equal("1", await Text(page, "threads"));
        // Asked for 4 threads, the kernels run the split product on the page's one thread (none can be started).
        Assert.Equal("same bits", await Text(page, "threads-asked"));

        SmokeResult steps, timed;
        using (Engine.UseTier(tier))
        {
            steps = SpiralSmoke.Train(SpiralSmoke.Steps);
            timed = SpiralSmoke.Train(epochs);
        }
        AssertSameBits("the losses of the first steps", steps.Losses, SpiralSmoke.FromHex(await Text(page, "losses-hex")));
        AssertSameBits("the weights and biases after them", steps.Parameters, SpiralSmoke.FromHex(await Text(page, "parameters-hex")));
        Assert.Equal(epochs.ToString(CultureInfo.InvariantCulture), await Text(page, "timed-epochs"));
        AssertSameBits($"the loss after {epochs} epochs", [timed.Losses[^1]], SpiralSmoke.FromHex(await Text(page, "timed-loss-hex")));

        double epochsPerSecond = double.Parse(await Text(page, "epochs-per-second"), CultureInfo.InvariantCulture);
        Assert.True(epochsPerSecond > 0, $"epochs per second: {epochsPerSecond}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{tier}: publish {app.PublishTime.TotalSeconds:F1} s; page load to done {pageTime.TotalSeconds:F1} s; {site.BytesServed / 1e6:F2} MB served; " +
            $"spiral in the page, {epochs} epochs: {epochs / epochsPerSecond:F2} s, {epochsPerSecond:F1} epochs/s (desktop, this process, same tier: {epochs / timed.Elapsed.TotalSeconds:F0}); " +
            $"load average {LoadAverage()}; screenshot {screenshot}"));
        // Where the page's step spends its time (µs per step by stage; printed, not asserted).
        string profile = await Text(page, "profile");
        Assert.Contains("optimizer", profile);
        Assert.Contains("whole step", profile);
        output.WriteLine(profile);
    }

    // The machine's 1-minute load average beside a timing (Linux), or "unknown".
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static async Task<string> Text(IPage page, string id) => (await page.InnerTextAsync("#" + id)).Trim();

    /// <summary>Asserts equal bits, naming the first difference and how many values differ.</summary>
    private static void AssertSameBits(string what, float[] expected, float[] actual)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: the page shows {actual.Length} values, the desktop has {expected.Length}");
        var differing = Enumerable.Range(0, expected.Length)
            .Where(i => BitConverter.SingleToUInt32Bits(expected[i]) != BitConverter.SingleToUInt32Bits(actual[i])).ToArray();
        if (differing.Length == 0) return;
        int first = differing[0];
        Assert.Fail(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {differing.Length} of {expected.Length} values differ; the first, [{first}], is {actual[first]:R} in the page and {expected[first]:R} on the desktop"));
    }
}
