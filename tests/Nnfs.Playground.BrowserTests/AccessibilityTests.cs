using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Nnfs.Browser.Tests;
using Xunit.Abstractions;

namespace Nnfs.Playground.BrowserTests;

/// <summary>The page for everyone: no WCAG 2 A or AA violation that axe-core finds, and usable from the keyboard.</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class AccessibilityTests(PlaygroundApp app, ITestOutputHelper output)
{
    private static readonly string[] s_wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    [SkippableFact]
    public async Task AxeFindsNoWcagAOrAAViolationWithEveryPanelShown()
    {
        HeadlessChromium.Require();
        await using var page = await PlaygroundPage.OpenAsync(app);
        await page.Page.ClickAsync("#step");
        await page.WaitForStatusAsync(["paused"], PlaygroundPage.LoadTimeoutMs);
        await page.Page.ClickAsync("#inspect-button");
        await page.Page.WaitForSelectorAsync("#inspect-summary");
        await page.Page.ClickAsync("#gradient-check-button");
        await page.Page.WaitForSelectorAsync("#gradient-check-result");

        var result = await page.Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. s_wcagTags] },
        });

        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help}\n" + string.Join('\n', v.Nodes.Take(5).Select(n => $"    {n.Target}: {n.Html}"))).ToArray();
        Assert.True(violations.Length == 0, $"{violations.Length} WCAG A/AA violations:\n" + string.Join('\n', violations));
        Assert.NotEmpty(result.Passes);
        output.WriteLine($"axe-core {result.TestEngine?.Version}: {result.Passes.Length} rules passed, 0 violations, " +
            $"{result.Incomplete.Length} to review by hand ({string.Join(", ", result.Incomplete.Select(i => i.Id))})");
    }

    [SkippableFact]
    public async Task TabReachesTheStartButtonAndEnterStartsTraining()
    {
        HeadlessChromium.Require();
        await using var page = await PlaygroundPage.OpenAsync(app);
        int presses = 0;
        for (; presses < 300; presses++)
        {
            await page.Page.Keyboard.PressAsync("Tab");
            if (await page.Page.EvaluateAsync<string?>("() => document.activeElement?.id") == "start") break;
        }
        Assert.True(presses < 300, "300 presses of Tab never reached the start button");
        Assert.Equal("0", await page.TextAsync("epoch"));
        await page.Page.Keyboard.PressAsync("Enter");
        await page.Page.WaitForFunctionAsync("() => Number(document.getElementById('epoch')?.textContent) > 0",
            null, new() { Timeout = PlaygroundPage.LoadTimeoutMs });
        output.WriteLine($"the start button is the {presses + 1}th stop of Tab; Enter started training");
    }
}
