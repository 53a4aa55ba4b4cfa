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
    private readonly List<string> _failures = [];
    private readonly List<string> _console = [];

    private PlaygroundPage(StaticSite site, HeadlessChromium browser, IPage page)
    {
        _site = site;
        _browser = browser;
        Page = page;
        page.RequestFailed += (_, request) => { lock (_failures) _failures.Add($"{request.Url}: {request.Failure}"); };
        page.Console += (_, message) => { lock (_console) _console.Add($"{message.Type}: {message.Text}"); };
        page.PageError += (_, error) => { lock (_console) _console.Add($"page error: {error}"); };
    }

    /// <summary>The browser tab.</summary>
    public IPage Page { get; }

    /// <summary>From the navigation's start to the moment the page became usable, by the browser's own clock
    /// (<c>performance.now()</c>, whose zero is the navigation's start): the status reads "ready" (the first network is
    /// built and its decision regions drawn) and the Start button is enabled. Recorded in the page when the DOM changes,
    /// so the test's polling does not add to it.</summary>
    public TimeSpan Interactive { get; private set; }

    /// <summary>From the test's call to navigate until it saw the page ready (its polling included).</summary>
    public TimeSpan InteractiveWall { get; private set; }

    /// <summary>The CPU time the test's own process (the loopback server, the browser driver's client) used between
    /// the navigation and ready: what it took from the page on a small machine.</summary>
    public TimeSpan HarnessCpu { get; private set; }

    // Runs before the page's own scripts: notes the first DOM change after which the page is usable.
    private const string ReadyProbe = """
        (() => {
            const observer = new MutationObserver(() => {
                const status = document.getElementById('status');
                const start = document.getElementById('start');
                if (status?.textContent?.trim() === 'ready' && start && !start.disabled) {
                    window.nnfsReadyAt = performance.now();
                    observer.disconnect();
                }
            });
            observer.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
        })();
        """;

    /// <summary>Publishes (once per collection), serves and opens the playground, and waits until it is ready.</summary>
    public static async Task<PlaygroundPage> OpenAsync(PlaygroundApp app)
    {
        HeadlessChromium.Require();
        string webRoot = app.WebRoot;
        var site = await StaticSite.StartAsync(webRoot);
        var browser = await HeadlessChromium.LaunchAsync();
        var page = new PlaygroundPage(site, browser, await browser.NewPageAsync());
        await page.Page.SetViewportSizeAsync(1280, 900);
        await page.Page.AddInitScriptAsync(ReadyProbe);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await page.Page.GotoAsync(site.Address + "/");
        await page.WaitForStatusAsync(["ready"], LoadTimeoutMs);
        await page.Page.WaitForFunctionAsync("() => window.nnfsReadyAt !== undefined", null, new() { Timeout = LoadTimeoutMs, PollingInterval = 100 });
        page.InteractiveWall = clock.Elapsed;
        page.HarnessCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        page.Interactive = TimeSpan.FromMilliseconds(await page.Page.EvaluateAsync<double>("() => window.nnfsReadyAt"));
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

    /// <summary>Every response of the page so far, the document's included, as the browser's resource timing gives it:
    /// its path, the bytes transferred (headers and body as received: compressed when sent compressed), the body's bytes
    /// as received and once decoded.</summary>
    /// <remarks>Read from the page after the load rather than from the test driver's network events: asking the
    /// driver about each response while the page loads takes CPU from the page being timed.</remarks>
    public async Task<IReadOnlyList<PageResponse>> ResponsesAsync()
    {
        lock (_failures) Assert.True(_failures.Count == 0, "requests failed:\n" + string.Join('\n', _failures));
        var entries = await Page.EvaluateAsync<PageResponse[]>("""
            () => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                .map(e => ({ Path: new URL(e.name).pathname, Transferred: e.transferSize, Encoded: e.encodedBodySize, Decoded: e.decodedBodySize }))
            """);
        return entries;
    }

    /// <summary>The bytes the loopback server sent (its own count of the bodies' lengths, compressed copies as sent).</summary>
    public long ServedBytes => _site.BytesServed;

    /// <summary>Whether the loopback server sends the publish's Brotli/gzip copies (see <see cref="StaticSite"/>).</summary>
    public bool Precompressed => _site.Precompressed;

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

/// <summary>One response of the page, from the browser's resource timing (bytes).</summary>
internal sealed record PageResponse
{
    /// <summary>The URL's path.</summary>
    public string Path { get; init; } = "";

    /// <summary>Headers and body as received (<c>transferSize</c>).</summary>
    public long Transferred { get; init; }

    /// <summary>The body as received (<c>encodedBodySize</c>): compressed when sent compressed.</summary>
    public long Encoded { get; init; }

    /// <summary>The body once decoded (<c>decodedBodySize</c>).</summary>
    public long Decoded { get; init; }
}
