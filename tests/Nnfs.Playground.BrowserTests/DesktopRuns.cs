using Nnfs.Playground.Presets;
using Nnfs.Playground.Training;

namespace Nnfs.Playground.BrowserTests;

/// <summary>The page's runs, repeated on the desktop with the browser's tier forced.</summary>
internal static class DesktopRuns
{
    /// <summary>
    /// The tier the page is expected to run (WebAssembly SIMD: 128 bits) and that the desktop forces to give the same
    /// bits. One constant: when the browser's tier changes, change it here (the tests check the page shows it).
    /// </summary>
    public const IsaTier ComparisonTier = IsaTier.Vector128Unfused;

    /// <summary>The preset's session trained <paramref name="epochs"/> epochs on the comparison tier.</summary>
    public static TrainingSession Train(Preset preset, int epochs)
    {
        using var tier = Engine.UseTier(ComparisonTier);
        var session = new TrainingSession(preset.Settings, preset.Epochs);
        session.Advance(epochs);
        return session;
    }
}
