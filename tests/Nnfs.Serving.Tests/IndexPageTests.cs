using System.Globalization;
using Microsoft.Playwright;
using Nnfs.Imaging;

namespace Nnfs.Serving.Tests;

/// <summary>
/// The page in a real headless browser (Debian's chromium driven by Playwright; browsers are never downloaded):
/// upload a photo, draw on the canvas, read the predictions, save screenshots beside the test assembly.
/// </summary>
public sealed class IndexPageTests(ModelFilesFixture models) : IClassFixture<ModelFilesFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [SkippableFact]
    public async Task UploadingAPhotoShowsTheTopThreeClassesWithBars()
    {
        await using var host = await ServingHost.StartAsync(models.ImageModel, kestrelUrl: "http://127.0.0.1:0");
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.Address + "/");
        Assert.Equal("garments", await page.InnerTextAsync("#model-name"));

        // A 112×112 photo of a dark band (class 6) on a light background: the server resizes it and inverts it.
        var photo = Requests.BandPixels(6, side: 112).Select(p => (byte)(255 - p)).ToArray();
        string file = Path.Combine(models.Folder, "photo.png");
        await File.WriteAllBytesAsync(file, Requests.Png(photo, 112));
        await page.SetInputFilesAsync("#file", file);
        await page.WaitForSelectorAsync("#result .row");

        var prepared = BilinearResize.Resize(new GrayImage(112, 112, photo), 28, 28).Invert();
        var expected = TestModels.Expected(models.ImageModel, [.. prepared.Pixels.Select(p => (float)p)], 1);
        var order = Enumerable.Range(0, expected.Length).OrderByDescending(i => expected[i]).ThenBy(i => i).Take(3).ToArray();
        var names = await page.Locator("#result .row .name").AllInnerTextsAsync();
        var percents = await page.Locator("#result .row .prob").AllInnerTextsAsync();
        Assert.Equal(order.Select(i => TestModels.ClassNames[i]), names);
        for (int k = 0; k < 3; k++)
            Assert.Equal(expected[order[k]] * 100, double.Parse(percents[k].TrimEnd('%'), CultureInfo.InvariantCulture), 0.051);
        string width = await page.Locator("#result .row .bar").First.EvaluateAsync<string>("b => b.style.width");
        Assert.Equal(expected[order[0]] * 100, double.Parse(width.TrimEnd('%'), CultureInfo.InvariantCulture), 0.01);
        Assert.Contains("(inverted)", await page.InnerTextAsync("#status"));
        Assert.Equal("", await page.InnerTextAsync("#error"));
        await Screenshot(page, "page-upload.png");
    }

    [SkippableFact]
    public async Task DrawingOnTheCanvasPredictsAndAnUnreadableFileShowsTheError()
    {
        await using var host = await ServingHost.StartAsync(models.ImageModel, kestrelUrl: "http://127.0.0.1:0");
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.Address + "/");

        var box = (await page.Locator("#canvas").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + 20, box.Y + 60);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + 260, box.Y + 60, new() { Steps = 10 });
        await page.Mouse.UpAsync();
        await page.ClickAsync("#predict-drawing");
        await page.WaitForSelectorAsync("#result .row");
        Assert.Equal(3, await page.Locator("#result .row").CountAsync());
        Assert.Contains("the drawing", await page.InnerTextAsync("#status"));
        await Screenshot(page, "page-drawing.png");

        string file = Path.Combine(models.Folder, "notes.txt");
        await File.WriteAllTextAsync(file, "not a picture");
        await page.SetInputFilesAsync("#file", file);
        await page.WaitForFunctionAsync("() => document.getElementById('error').textContent.length > 0");
        Assert.Contains("not in an image format", await page.InnerTextAsync("#error"));
        Assert.Equal(0, await page.Locator("#result .row").CountAsync());
    }

    [SkippableFact]
    public async Task ATabularModelTakesARowOfFeatures()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel, kestrelUrl: "http://127.0.0.1:0");
        await using var browser = await LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(host.Address + "/");
        Assert.False(await page.IsVisibleAsync("#image-section"));
        await page.FillAsync("#features", "0.25, -0.5");
        await page.ClickAsync("#predict-features");
        await page.WaitForSelectorAsync("#result .row");
        var expected = TestModels.Expected(models.SpiralModel, [0.25f, -0.5f], 1);
        var order = Enumerable.Range(0, 3).OrderByDescending(i => expected[i]).ThenBy(i => i);
        Assert.Equal(order.Select(i => i.ToString(CultureInfo.InvariantCulture)), await page.Locator("#result .row .name").AllInnerTextsAsync());
        await Screenshot(page, "page-features.png");
    }

    private static async Task<BrowserSession> LaunchAsync()
    {
        if (!File.Exists(Chromium))
            throw TestSkip.Because($"no browser at {Chromium} (Debian's chromium package); the page's browser test needs one.",
                "install it in .ci/run (apt-get install -y chromium).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        return new BrowserSession(playwright, browser);
    }

    private static async Task Screenshot(IPage page, string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, $"{path} is missing or empty");
    }

    /// <summary>The browser and its Playwright connection, closed together.</summary>
    private sealed class BrowserSession(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public Task<IPage> NewPageAsync() => browser.NewPageAsync();

        public async ValueTask DisposeAsync()
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
