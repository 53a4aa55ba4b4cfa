using System.Globalization;
using Nnfs.Browser.Tests;
using Nnfs.Playground.Inspection;
using Nnfs.Playground.Presets;
using Xunit.Abstractions;

namespace Nnfs.Playground.BrowserTests;

/// <summary>The look-inside panel in the page: the values and gradients it shows are the library's on the desktop.</summary>
[Collection(PlaygroundCollection.Name)]
public sealed class LookInsideTests(PlaygroundApp app, ITestOutputHelper output)
{
    private const int Sample = 123;

    [SkippableFact]
    public async Task OneSamplesValuesAndGradientsAreTheDesktopLibrarysAndPassTheGradientCheck()
    {
        HeadlessChromium.Require();
        var preset = BookPresets.Chapter10;
        await using var page = await PlaygroundPage.OpenAsync(app);
        await page.Page.ClickAsync("#step");
        await page.WaitForStatusAsync(["paused"], PlaygroundPage.LoadTimeoutMs);
        await page.Page.FillAsync("#inspect-sample", Sample.ToString(CultureInfo.InvariantCulture));
        await page.Page.ClickAsync("#inspect-button");
        await page.Page.WaitForSelectorAsync("#inspect-summary");
        Assert.Equal(Sample.ToString(CultureInfo.InvariantCulture), await page.TextAsync("inspect-sample-shown"));
        var shown = await ShownValuesAsync(page);

        // The inspection's own forward and backward passes run on the page's tier too (the products' rounding is the tier's).
        using var tier = Engine.UseTier(DesktopRuns.ComparisonTier);
        var inspection = SessionInspection.Inspect(DesktopRuns.Train(preset, 1), Sample);
        var expected = new Dictionary<string, float>();
        for (int l = 0; l < inspection.Layers.Count; l++)
        {
            var layer = inspection.Layers[l];
            for (int j = 0; j < layer.Output.Count; j++) expected[$"{l} output {j}"] = layer.Output[j];
            if (layer.Dense is not { } dense) continue;
            for (int k = 0; k < dense.WeightGradients.Count; k++) expected[$"{l} weights {k}"] = dense.WeightGradients[k];
            for (int j = 0; j < dense.BiasGradients.Count; j++) expected[$"{l} biases {j}"] = dense.BiasGradients[j];
        }
        int parameters = inspection.Layers.Sum(l => l.Dense is { } d ? d.WeightGradients.Count + d.BiasGradients.Count : 0);
        Assert.Equal(2 * 64 + 64 + 64 * 3 + 3, parameters);
        foreach (var (key, value) in expected)
        {
            Assert.True(shown.TryGetValue(key, out float inPage), $"the page shows no {key}");
            Assert.True(BitConverter.SingleToUInt32Bits(value) == BitConverter.SingleToUInt32Bits(inPage),
                $"{key}: {inPage:R} in the page, {value:R} on the desktop");
        }
        Assert.Equal(inspection.TotalLoss, await page.ValueAsync("inspect-loss"));

        await page.Page.ClickAsync("#gradient-check-button");
        await page.Page.WaitForSelectorAsync("#gradient-check-result");
        double maxError = await page.ValueAsync("gradient-check-max");
        Assert.Equal("check-passed", await page.Page.GetAttributeAsync("#gradient-check-result", "class"));
        Assert.InRange(maxError, 0, GradientCheck.Tolerance);
        await page.ViewportScreenshotAsync(".network-diagram", "playground-look-inside.png");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sample {Sample}: {expected.Count} values and gradients equal to the desktop's bits; gradient check in the page: max relative error {maxError:E2} " +
            $"(desktop: {GradientCheck.Run(inspection).MaxRelativeError:E2})"));
    }

    // Every cell with an exact value: "layer kind index" → value.
    private static async Task<Dictionary<string, float>> ShownValuesAsync(PlaygroundPage page)
    {
        var cells = await page.Page.EvalOnSelectorAllAsync<string[][]>("td[data-kind]",
            "cells => cells.map(c => [c.dataset.layer, c.dataset.kind, c.dataset.index, c.dataset.value])");
        var values = new Dictionary<string, float>();
        foreach (var cell in cells)
            if (cell[1] is "output" or "weights" or "biases")
                values[$"{cell[0]} {cell[1]} {cell[2]}"] = float.Parse(cell[3], CultureInfo.InvariantCulture);
        return values;
    }
}
