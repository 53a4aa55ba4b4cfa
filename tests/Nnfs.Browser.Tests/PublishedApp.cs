using System.Diagnostics;
using System.Reflection;

namespace Nnfs.Browser.Tests;

/// <summary>
/// A Blazor WebAssembly project of the repository, published once per test run into a temporary folder: its static
/// files (<see cref="WebRoot"/>) are the whole app, which any static host serves. Published on first use, so a test
/// that skips (no browser) costs nothing.
/// </summary>
/// <remarks>
/// <c>dotnet publish --no-build</c> in the configuration this assembly was built in: this test project's build
/// built the app (a project reference without its assembly), and a build here would race the other test projects'
/// builds of the library. Publishing trims the assemblies and compresses the files (about 30 s of CPU).
/// </remarks>
public abstract class PublishedApp : IDisposable
{
    private readonly TempDir _folder = new();
    private readonly Lazy<string> _webRoot;

    /// <param name="project">The project file, relative to the repository root.</param>
    /// <param name="published">A folder this build of the project was already published to (<c>dotnet publish -o</c>),
    /// served as it is instead of publishing again; null (the default) to publish. For timing runs, which must not
    /// publish while they measure.</param>
    protected PublishedApp(string project, string? published = null)
    {
        Project = Path.Combine(TestData.RepositoryRoot, project);
        _webRoot = new Lazy<string>(string.IsNullOrEmpty(published) ? Publish : () => Existing(published));
    }

    /// <summary>The project file.</summary>
    public string Project { get; }

    /// <summary>The published app's folder of static files; publishes on first use.</summary>
    public string WebRoot => _webRoot.Value;

    /// <summary>How long the publish took (zero before it ran).</summary>
    public TimeSpan PublishTime { get; private set; }

    private static string Configuration =>
        typeof(PublishedApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private static string Existing(string published)
    {
        string webRoot = Path.Combine(published, "wwwroot");
        if (!File.Exists(Path.Combine(webRoot, "index.html")))
            throw new InvalidOperationException($"{published} holds no wwwroot/index.html: not a published app");
        return webRoot;
    }

    private string Publish()
    {
        string output = _folder.Combine("publish");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", Project, "-c", Configuration, "--no-build", "-o", output, "-nologo" })
            start.ArgumentList.Add(argument);
        // The test host's MSBuild variables would point the child build at the test's own SDK context.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "MSBUILD_EXE_PATH").ToArray())
            start.Environment.Remove(name);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var printed = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish {Project} did not finish within 10 minutes");
        }
        PublishTime = clock.Elapsed;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish {Project} -c {Configuration} --no-build exited with {process.ExitCode}:\n{printed.Result}\n{error.Result}");
        string webRoot = Path.Combine(output, "wwwroot");
        if (!File.Exists(Path.Combine(webRoot, "index.html")))
            throw new InvalidOperationException($"dotnet publish {Project} left no wwwroot/index.html in {output}");
        return webRoot;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The smoke app, tests/Nnfs.Browser.Smoke, published.</summary>
public sealed class SmokeApp() : PublishedApp(Path.Combine("tests", "Nnfs.Browser.Smoke", "Nnfs.Browser.Smoke.csproj"));
