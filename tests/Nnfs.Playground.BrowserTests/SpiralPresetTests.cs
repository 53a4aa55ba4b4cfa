using System.Diagnostics;
using System.Globalization;
using Nnfs.Browser.Tests;
using Nnfs.Playground.Presets;
using Xunit.Abstractions;

namespace Nnfs.Playground.BrowserTests;

/// <summary>The book's chapter-10 spiral preset trained in the page to the desktop's bits.</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class SpiralPresetTests(PlaygroundApp app, ITestOutputHelper output)
{
    /// <summary>10,001 epochs in the interpreter: seconds on an idle machine, minutes on a loaded one.</summary>
    private const float TrainTimeoutMs = 900_000;

    [SkippableFact]
    public async Task TheSpiralPresetTrainsInThePageToTheDesktopsFinalLossAndAccuracy()
    {
        HeadlessChromium.Require();
        var preset = BookPresets.Chapter10;
        await using var page = await PlaygroundPage.OpenAsync(app);
        string tier = await page.TextAsync("tier");
        Assert.True(tier == DesktopRuns.ComparisonTier.ToString(),
            $"The page runs tier {tier}; DesktopRuns.ComparisonTier ({DesktopRuns.ComparisonTier}) must name it.");
        await page.Page.ClickAsync($"#preset-{preset.Id}");
        await page.WaitForStatusAsync(["ready"], PlaygroundPage.LoadTimeoutMs);

        var clock = Stopwatch.StartNew();
        await page.Page.ClickAsync("#start");
        await page.WaitForStatusAsync(["done", "failed"], TrainTimeoutMs);
        var wall = clock.Elapsed;
        Assert.True(await page.TextAsync("status") == "done", $"training failed in the page: {page.Log()}");
        Assert.Equal(preset.Epochs.ToString(CultureInfo.InvariantCulture), await page.TextAsync("epoch"));
        double loss = await page.ValueAsync("loss"), accuracy = await page.ValueAsync("accuracy");
        string screenshot = await HeadlessChromium.ScreenshotAsync(page.Page, "playground-spiral.png");
        await page.ViewportScreenshotAsync("#run-heading", "playground-spiral-viewport.png");

        var desktop = DesktopRuns.Train(preset, preset.Epochs);
        var metrics = desktop.Metrics;
        Assert.Equal(preset.Epochs, metrics.Count);
        Assert.Equal(metrics.Loss(metrics.Count - 1), loss);
        Assert.Equal(metrics.Accuracy[^1], accuracy);
        Assert.Equal(metrics.Loss(metrics.Count - 1).ToString("G6", CultureInfo.InvariantCulture), await page.TextAsync("loss"));

        string elapsed = await page.TextAsync("elapsed"), split = await page.TextAsync("time-split");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{preset.Title}, tier {DesktopRuns.ComparisonTier}: {preset.Epochs} epochs in {wall.TotalSeconds:F1} s from the click to done " +
            $"(the page's clock: {elapsed}; training, drawing: {split}); final loss {loss:R}, accuracy {accuracy:R}, " +
            $"equal to the desktop's; screenshot {screenshot}"));
    }
}
