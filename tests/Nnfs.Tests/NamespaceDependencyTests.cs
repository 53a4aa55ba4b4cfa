using System.Text.RegularExpressions;
using Nnfs.Tensors;

namespace Nnfs.Tests;

public partial class NamespaceDependencyTests
{
    private static readonly string[] s_modelLevel =
        ["Nnfs.Layers", "Nnfs.Activations", "Nnfs.Losses", "Nnfs.Metrics", "Nnfs.Optimizers", "Nnfs.Models", "Nnfs.Serialization", "Nnfs.Inference"];

    [Fact]
    public void LibraryFoldersFollowTheChainInTheArchitectureDoc()
    {
        var tiers = DocumentedChain();
        var uses = NamespaceDependencies.Read(typeof(Matrix).Assembly.Location, "Nnfs");
        Assert.Contains("Nnfs.Layers", uses["Nnfs.Models"]);
        Assert.Contains("Nnfs", uses["Nnfs.Kernels"]);
        var violations = NamespaceDependencies.Violations(uses, tiers);
        Assert.True(violations.Count == 0, "Uses against docs/architecture.md's chain:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void FoundationFoldersUseNoModelLevelFolder()
    {
        var uses = NamespaceDependencies.Read(typeof(Matrix).Assembly.Location, "Nnfs");
        foreach (string ns in new[] { "Nnfs.Tensors", "Nnfs.Kernels", "Nnfs.Randomness", "Nnfs.Formatting" })
            Assert.Empty(uses[ns].Intersect(s_modelLevel));
    }

    // The reader sees uses of every kind: an up-going call only in a method body, a generic argument, a typeof, a
    // field's type; and the check reports the up-going use (and with it the cycle).
    [Fact]
    public void PlantedViolationIsCaught()
    {
        var uses = NamespaceDependencies.Read(typeof(NamespaceDependencyTests).Assembly.Location, "Nnfs.Tests.Planted");
        Assert.Equal(["Nnfs.Tests.Planted.High"], uses["Nnfs.Tests.Planted.Low"]);
        Assert.Equal(["Nnfs.Tests.Planted.Low"], uses["Nnfs.Tests.Planted.High"]);
        Assert.Equal(["Nnfs.Tests.Planted.Low"], uses["Nnfs.Tests.Planted.Generic"]);
        Assert.Equal(["Nnfs.Tests.Planted.Low"], uses["Nnfs.Tests.Planted.Token"]);

        string[][] tiers = [["Nnfs.Tests.Planted.Low"], ["Nnfs.Tests.Planted.High", "Nnfs.Tests.Planted.Generic", "Nnfs.Tests.Planted.Token"]];
        Assert.Equal(["Nnfs.Tests.Planted.Low → Nnfs.Tests.Planted.High"], NamespaceDependencies.Violations(uses, tiers));
        Assert.Equal(["Nnfs.Tests.Planted.Generic is not placed in the chain", "Nnfs.Tests.Planted.High → Nnfs.Tests.Planted.Low"],
            NamespaceDependencies.Violations(uses, [["Nnfs.Tests.Planted.High"], ["Nnfs.Tests.Planted.Low", "Nnfs.Tests.Planted.Token"]]).Take(2));
    }

    [Fact]
    public void DocumentedChainNamesEveryFolderOnce()
    {
        var tiers = DocumentedChain();
        var names = tiers.SelectMany(t => t).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Equal("Nnfs.Randomness", tiers[0][0]);
        Assert.Contains(["Nnfs.Formatting", "Nnfs.IO"], tiers);
        Assert.Equal("Nnfs.Serialization", tiers[^2][0]);
        Assert.Equal("Nnfs.Inference", tiers[^1][0]);
    }

    // The numbered list under "## Folder chain": each item's `Folder` names before the dash form one tier.
    private static List<string[]> DocumentedChain()
    {
        string doc = File.ReadAllText(Path.Combine(Nnfs.Testing.TestData.RepositoryRoot, "docs", "architecture.md"));
        int start = doc.IndexOf("## Folder chain", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/architecture.md has no '## Folder chain' section");
        int end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var tiers = new List<string[]>();
        foreach (string line in doc[start..(end < 0 ? doc.Length : end)].Split('\n'))
        {
            if (!ListItem().IsMatch(line)) continue;
            string head = line.Split(" — ")[0];
            tiers.Add(Folder().Matches(head).Select(m => m.Groups[1].Value == "Nnfs" ? "Nnfs" : "Nnfs." + m.Groups[1].Value).ToArray());
        }
        Assert.NotEmpty(tiers);
        return tiers;
    }

    [GeneratedRegex(@"^\d+\. ")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"`([A-Za-z]+)`")]
    private static partial Regex Folder();
}
