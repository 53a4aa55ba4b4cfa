using System.Text.Json;

namespace Nnfs.Tests.Packaging;

/// <summary>
/// Every project under src/ (and templates/) is shipped as a package with the metadata a package page shows (build/Packaging.props and
/// .targets, docs/packaging.md), and no other project of the solution is packable. The projects are evaluated by
/// MSBuild, so the shared properties count as the build sees them.
/// </summary>
public class PackageMetadataTests
{
    private static readonly string[] Properties =
    [
        "IsPackable", "PackAsTool", "PackageId", "Description", "Authors", "Copyright", "PackageLicenseExpression",
        "PackageReadmeFile", "PackageTags", "PackageReleaseNotes", "IncludeSymbols", "SymbolPackageFormat",
        "PublishRepositoryUrl", "Deterministic", "PackageType",
    ];

    private static Dictionary<string, string> Evaluate(string project)
    {
        var arguments = new List<string> { "msbuild", project, "-p:Configuration=Release" };
        arguments.AddRange(Properties.Select(p => "-getProperty:" + p));
        string json = ChildProcess.Output("dotnet", arguments);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }

    private static IEnumerable<string> SolutionProjects() =>
        File.ReadLines(Path.Combine(TestData.RepositoryRoot, "Nnfs.sln"))
            .Where(line => line.StartsWith("Project(", StringComparison.Ordinal))
            .Select(line => line.Split(',')[1].Trim().Trim('"').Replace('\\', '/'))
            .Where(path => path.EndsWith(".csproj", StringComparison.Ordinal));

    /// <summary>The folders whose projects are shipped: the libraries and the tool, and the dotnet new templates.</summary>
    private static readonly string[] ShippedFolders = ["src", "templates"];

    private static IEnumerable<string> ShippedProjectPaths() =>
        ShippedFolders.Select(f => Path.Combine(TestData.RepositoryRoot, f)).Where(Directory.Exists)
            .SelectMany(top => Directory.GetDirectories(top).SelectMany(d => Directory.GetFiles(d, "*.csproj")))
            .Select(project => Path.GetRelativePath(TestData.RepositoryRoot, project).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> ShippedProjects() => new(ShippedProjectPaths());

    [Theory]
    [MemberData(nameof(ShippedProjects))]
    public void EveryShippedProjectDeclaresItsMetadata(string project)
    {
        var p = Evaluate(project);
        Assert.True(p["IsPackable"] == "true" || p["PackAsTool"] == "true", $"{project} is not packable");
        foreach (string name in new[] { "PackageId", "Description", "Authors", "Copyright", "PackageTags", "PackageReleaseNotes" })
            Assert.False(string.IsNullOrWhiteSpace(p[name]), $"{project} has no {name}");
        Assert.Equal("MIT", p["PackageLicenseExpression"]);
        Assert.Equal("README.md", p["PackageReadmeFile"]);
        Assert.True(File.Exists(Path.Combine(TestData.RepositoryRoot, Path.GetDirectoryName(project)!, "README.md")), $"{project} has no README.md beside it");
        if (p["PackageType"] == "Template")
            Assert.NotEqual("true", p["IncludeSymbols"]); // content only (the templates): no assembly, no symbols
        else
        {
            Assert.Equal("true", p["IncludeSymbols"]);
            Assert.Equal("snupkg", p["SymbolPackageFormat"]);
        }
        Assert.Equal("true", p["PublishRepositoryUrl"]);
        Assert.Equal("true", p["Deterministic"]);
    }

    [Fact]
    public void NoOtherProjectOfTheSolutionIsPackable()
    {
        var others = SolutionProjects().Where(p => !ShippedFolders.Any(f => p.StartsWith(f + "/", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(others);
        foreach (string project in others)
        {
            var p = Evaluate(project);
            Assert.True(p["IsPackable"] == "false" && p["PackAsTool"] != "true", $"{project} is packable (IsPackable={p["IsPackable"]})");
        }
    }

    [Fact]
    public void TheSolutionHoldsEveryShippedProject()
    {
        var solution = SolutionProjects().ToHashSet();
        foreach (string project in ShippedProjectPaths())
            Assert.Contains(project, solution);
    }
}
