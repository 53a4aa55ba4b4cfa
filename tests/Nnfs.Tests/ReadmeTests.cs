namespace Nnfs.Tests;

/// <summary>The README's library quickstart is the example project that CI builds and runs.</summary>
public class ReadmeTests
{
    [Fact]
    public void QuickstartInReadmeIsTheExampleProgram()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Nnfs.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Nnfs.sln not found above " + AppContext.BaseDirectory);
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).Replace("\r\n", "\n");
        var program = File.ReadAllText(Path.Combine(root, "examples", "Quickstart", "Program.cs")).Replace("\r\n", "\n");
        Assert.Contains("```csharp\n" + program + "```", readme);
    }
}
