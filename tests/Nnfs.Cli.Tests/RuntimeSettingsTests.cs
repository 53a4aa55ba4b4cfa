using System.Text.Json;

namespace Nnfs.Cli.Tests;

/// <summary>The tool's runtime settings (its runtimeconfig.json, from the repository's Directory.Build.targets).</summary>
public class RuntimeSettingsTests
{
    // What makes up for the library having no AggressiveOptimization (src/Nnfs/Kernels/HotLoopAttribute.cs): loops
    // compiled optimised at once, no instrumented tier, and no delay before the loop-free methods are recompiled.
    [Fact]
    public void TheToolCompilesLoopsOptimisedAtOnce()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Nnfs.Cli.runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var settings = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(settings.GetProperty("System.Runtime.TieredCompilation.QuickJitForLoops").GetBoolean());
        Assert.False(settings.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.Equal(0, settings.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());
    }
}
