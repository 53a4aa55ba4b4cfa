using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Nnfs.Browser.Tests;

namespace Nnfs.Playground.BrowserTests;

/// <summary>
/// The published playground opened in headless Chromium from a loopback server: what the page loaded (from the
/// browser's network events), how long until it could be used, and helpers that read its numbers.
/// </summary>
internal sealed class PlaygroundPage : IAsyncDisposable
{
    /// <summary>The most a page may take to load on a loaded machine (the interpreter starts in a few seconds).</summary>
    public const float LoadTimeoutMs = 120_000;

    private readonly StaticSite _site;
    private readonly HeadlessChromium _browser;
    private readonly List<Task<RequestSizesResult>> _sizes = [];
    private readonly List<string> _failures = [];
    private readonly List<string> _console = [];

    private PlaygroundPage(StaticSite site, HeadlessChromium browser, IPage page)
    {
        _site = site;
        _browser = browser;
        Page = page;
        page.RequestFinished += (_, request) => { lock (_sizes) _sizes.Add(request.SizesAsync()); };
        page.RequestFailed += (_, request) => { lock (_failures) _failures.Add($"{request.Url}: {request.Failure}"); };
        page.Console += (_, message) => { lock (_console) _console.Add($"{message.Type}: {message.Text}"); };
        page.PageError += (_, error) => { lock (_console) _console.Add($"page error: {error}"); };
    }

    /// <summary>The browser tab.</summary>
    public IPage Page { get; }

    /// <summary>From the navigation to the page's first session being ready to train (status "ready").</summary>
    public TimeSpan Interactive { get; private set; }

    /// <summary>Publishes (once per collection), serves and opens the playground, and waits until it is ready.</summary>
    public static async Task<PlaygroundPage> OpenAsync(PlaygroundApp app)
    {
        HeadlessChromium.Require();
        string webRoot = app.WebRoot;
        var site = await StaticSite.StartAsync(webRoot);
        var browser = await HeadlessChromium.LaunchAsync();
        var page = new PlaygroundPage(site, browser, await browser.NewPageAsync());
        await page.Page.SetViewportSizeAsync(1280, 900);
        var clock = Stopwatch.StartNew();
        await page.Page.GotoAsync(site.Address + "/");
        await page.WaitForStatusAsync(["ready"], LoadTimeoutMs);
        page.Interactive = clock.Elapsed;
        return page;
    }

    /// <summary>Waits until the page's status is one of <paramref name="statuses"/>; fails naming the page's console
    /// when it is not within <paramref name="timeoutMs"/>.</summary>
    public async Task WaitForStatusAsync(string[] statuses, float timeoutMs)
    {
        try
        {
            await Page.WaitForFunctionAsync("statuses => statuses.includes(document.getElementById('status')?.textContent?.trim())",
                statuses, new() { Timeout = timeoutMs, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            string status = await Page.EvaluateAsync<string?>("() => document.getElementById('status')?.textContent") ?? "(no status)";
            Assert.Fail($"The page's status is {status}, not {string.Join(" or ", statuses)}, after {timeoutMs / 1000} s.\n{Log()}");
        }
    }

    /// <summary>The bytes of every response so far, headers and body as transferred, and the number of responses.</summary>
    public async Task<(long Bytes, int Responses)> TransferredAsync()
    {
        Task<RequestSizesResult>[] sizes;
        lock (_sizes) sizes = [.. _sizes];
        var results = await Task.WhenAll(sizes);
        lock (_failures) Assert.True(_failures.Count == 0, "requests failed:\n" + string.Join('\n', _failures));
        return (results.Sum(s => (long)s.ResponseBodySize + s.ResponseHeadersSize), results.Length);
    }

    /// <summary>The bytes the loopback server sent (its own count of file lengths).</summary>
    public long ServedBytes => _site.BytesServed;

    /// <summary>The trimmed text of the element with id <paramref name="id"/>.</summary>
    public async Task<string> TextAsync(string id) => (await Page.InnerTextAsync("#" + id)).Trim();

    /// <summary>The element's exact value: its <c>data-value</c> attribute (a round-trip number).</summary>
    public async Task<double> ValueAsync(string id) =>
        double.Parse(await Page.GetAttributeAsync("#" + id, "data-value") ?? throw new InvalidOperationException($"#{id} has no data-value"),
            CultureInfo.InvariantCulture);

    /// <summary>Saves what the 1280 × 900 viewport shows, with <paramref name="selector"/> scrolled into view, as
    /// <c>screenshots/<paramref name="name"/></c> beside the test assembly (as <see cref="HeadlessChromium.ScreenshotAsync"/>
    /// does for the whole page) and returns its path.</summary>
    public async Task<string> ViewportScreenshotAsync(string selector, string name)
    {
        await Page.Locator(selector).ScrollIntoViewIfNeededAsync();
        string folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        await Page.ScreenshotAsync(new() { Path = path, Timeout = 120_000 });
        Assert.True(new FileInfo(path).Length > 1000, $"{path} is missing or empty");
        return path;
    }

    /// <summary>What the page wrote to its console.</summary>
    public string Log()
    {
        lock (_console) return string.Join('\n', _console);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _site.DisposeAsync();
    }
}
