using System.Reflection;
using Nnfs.Models;
using Nnfs.Serialization;

namespace Nnfs.Tests.Packaging;

/// <summary>
/// The library's version comes from git tags through MinVer (docs/packaging.md): its informational version is MinVer's
/// version of this commit followed by <c>+</c> and the commit, and it is the version model files record.
/// </summary>
public class VersionTests
{
    private static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttributes(typeof(AssemblyInformationalVersionAttribute), false)
            .OfType<AssemblyInformationalVersionAttribute>().Single().InformationalVersion;

    [Fact]
    public void TheLibraryCarriesMinVersVersionOfThisCommit()
    {
        // One property asked for: MSBuild prints its value alone.
        string minVer = ChildProcess.Output("dotnet", ["msbuild", "src/Nnfs/Nnfs.csproj", "-p:Configuration=Release", "-t:MinVer", "-getProperty:MinVerVersion"]).Trim();
        string commit = ChildProcess.Output("git", ["rev-parse", "HEAD"]).Trim();

        Assert.Equal($"{minVer}+{commit}", InformationalVersion(typeof(Model).Assembly));
        Assert.Equal(InformationalVersion(typeof(Model).Assembly), ModelFile.LibraryVersion);
    }

    [Fact]
    public void TheFileVersionIsTheReleaseNumber()
    {
        string version = InformationalVersion(typeof(Model).Assembly);
        var file = typeof(Model).Assembly.GetCustomAttributes(typeof(AssemblyFileVersionAttribute), false)
            .OfType<AssemblyFileVersionAttribute>().Single().Version;
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\+[0-9a-f]{40}$", version);
        Assert.Equal(version.Split('-', '+')[0] + ".0", file);
    }
}
