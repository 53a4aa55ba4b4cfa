using Microsoft.Playwright;

namespace Nnfs.Browser.Tests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, installed by .ci/run) driven headless by Playwright; no browser is
/// ever downloaded. Without it the test is skipped with the reason (failed under CI).
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where the browser is looked for.</summary>
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Skips the test (fails it under CI) when there is no browser.</summary>
    public static void Require()
    {
        if (!File.Exists(Executable))
            throw TestSkip.Because($"no browser at {Executable} (Debian's chromium package); the WebAssembly page tests need one.",
                "install it in .ci/run (apt-get install -y chromium).");
    }

    /// <summary>Starts the browser (after <see cref="Require"/>).</summary>
    public static async Task<HeadlessChromium> LaunchAsync()
    {
        Require();
        var playwright = await Playwright.CreateAsync();
        // Without the background-networking switches Chromium keeps trying hosts that a closed network refuses.
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>A new page (tab).</summary>
    public Task<IPage> NewPageAsync() => _browser.NewPageAsync();

    /// <summary>Saves a full-page screenshot as <c>screenshots/<paramref name="name"/></c> beside the test assembly
    /// and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, $"{path} is missing or empty");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
