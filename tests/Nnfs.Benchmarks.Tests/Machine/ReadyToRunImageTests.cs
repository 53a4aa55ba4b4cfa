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
    /// The CLI's Release build carries the library precompiled (src/Nnfs.Cli/Nnfs.Cli.csproj, linux-x64): its output
    /// folder's Nnfs.dll is ReadyToRun, whatever step of the build produces it.
    /// </summary>
    [SkippableFact]
    public void CliReleaseOutput_CarriesTheLibraryReadyToRun()
    {
        string configuration = typeof(ReadyToRunImageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "";
        Skip.IfNot(configuration == "Release" && OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64,
            $"the CLI precompiles the library in Release builds on linux-x64 only (this is {configuration}, {RuntimeInformation.RuntimeIdentifier})");
        var library = Path.Combine(TestData.RepositoryRoot, "src", "Nnfs.Cli", "bin", "Release", "net10.0", "Nnfs.dll");
        Assert.True(File.Exists(library), $"{library} does not exist: the CLI's Release build (built before these tests) should have written it.");
        Assert.True(ReadyToRunImage.Is(library), $"{library} is not ReadyToRun (no ManagedNativeHeader).");
    }
}
