using System.Reflection;
using System.Runtime.InteropServices;
using Nnfs.Benchmarks.Machine;

namespace Nnfs.Benchmarks.Tests.Machine;

public class ReadyToRunImageTests
{
    [Fact]
    public void Is_TellsPrecompiledFromPlainIl()
    {
        // References: the runtime's CoreLib ships ReadyToRun; the compiler's output (this test assembly) is plain IL.
        Assert.True(ReadyToRunImage.Is(typeof(object).Assembly.Location));
        Assert.False(ReadyToRunImage.Is(typeof(ReadyToRunImageTests).Assembly.Location));
    }

    [Fact]
    public void Is_FalseForAMissingFileOrOneThatIsNoImage()
    {
        Assert.False(ReadyToRunImage.Is(Path.Combine(Path.GetTempPath(), $"nnfs-missing-{Guid.NewGuid():N}.dll")));
        var text = Path.Combine(Path.GetTempPath(), $"nnfs-not-pe-{Guid.NewGuid():N}.dll");
        File.WriteAllText(text, "not a PE file");
        try { Assert.False(ReadyToRunImage.Is(text)); }
        finally { File.Delete(text); }
    }

    /// <summary>
    /// The Release builds of the tool and of this benchmark program carry the library precompiled
    /// (build/PrecompileLibrary.targets, linux-x64): their output folder's Nnfs.dll is ReadyToRun, whatever step of
    /// the build produces it, so the side-by-side workers run the library as the tool ships it.
    /// </summary>
    [SkippableTheory]
    [InlineData("src/Nnfs.Cli")]
    [InlineData("bench/Nnfs.Benchmarks")]
    public void ReleaseOutput_CarriesTheLibraryReadyToRun(string project)
    {
        string configuration = typeof(ReadyToRunImageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "";
        Skip.IfNot(configuration == "Release" && OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64,
            $"the library is precompiled in Release builds on linux-x64 only (this is {configuration}, {RuntimeInformation.RuntimeIdentifier})");
        var library = Path.Combine([TestData.RepositoryRoot, .. project.Split('/'), "bin", "Release", "net10.0", "Nnfs.dll"]);
        Assert.True(File.Exists(library), $"{library} does not exist: the Release build of {project} (built before these tests) should have written it.");
        Assert.True(ReadyToRunImage.Is(library), $"{library} is not ReadyToRun (no ManagedNativeHeader).");
    }
}
