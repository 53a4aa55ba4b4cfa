using System.Text.Json;

namespace Nnfs.Benchmarks.Tests.Machine;

public class RuntimeSettingsTests
{
    private static Dictionary<string, string> Tiering(string runtimeConfig)
    {
        var path = Path.Combine(AppContext.BaseDirectory, runtimeConfig);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").EnumerateObject()
            .Where(p => p.Name.StartsWith("System.Runtime.Tiered", StringComparison.Ordinal))
            .ToDictionary(p => p.Name, p => p.Value.GetRawText());
    }

    [Fact]
    public void Workers_RunUnderTheToolsTieredCompilationSettings()
    {
        var tool = Tiering("Nnfs.Cli.runtimeconfig.json");
        var workers = Tiering("Nnfs.Benchmarks.runtimeconfig.json");
        Assert.NotEmpty(tool);
        Assert.Equal(tool.OrderBy(kv => kv.Key), workers.OrderBy(kv => kv.Key));
    }
}
