using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Nnfs.Tests.Datasets;

namespace Nnfs.Tests.Book;

/// <summary>
/// The book's scripts (book/NNx-name.cs, .NET file-based apps): each one is run with <c>dotnet run</c>, one at a time
/// (they share the library's build output, src/Nnfs/bin/Release), and its printout is compared with what NumPy prints
/// for the book's code (<see cref="BookScriptExpectations"/>). Long training loops are shortened with NNFS_BOOK_EPOCHS.
/// </summary>
public partial class BookScriptTests(BookScriptFolder folder) : IClassFixture<BookScriptFolder>
{
    private static readonly string BookFolder = Path.Combine(TestData.RepositoryRoot, "book");

    /// <summary>Every script in book/, by file name.</summary>
    public static TheoryData<string> Scripts() => new(ScriptNames());

    private static string[] ScriptNames() =>
        Directory.GetFiles(BookFolder, "*.cs").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();

    [GeneratedRegex(@"^(?<chapter>\d{2})(?<part>[a-z])?-[a-z0-9]+(-[a-z0-9]+)*\.cs$")]
    private static partial Regex ScriptName();

    [Fact]
    public void EveryChapterFrom2To22HasAScriptAndTheNamesFollowThePattern()
    {
        var names = ScriptNames();
        Assert.All(names, name => Assert.True(ScriptName().IsMatch(name), $"book/{name}: expected NN-name.cs or NNa-name.cs (two-digit chapter, optional letter)"));
        var chapters = names.Select(name => int.Parse(name[..2], CultureInfo.InvariantCulture)).ToHashSet();
        Assert.All(Enumerable.Range(2, 21), chapter => Assert.True(chapters.Contains(chapter), $"chapter {chapter} has no script in book/"));
        Assert.All(chapters, chapter => Assert.InRange(chapter, 2, 22));
        foreach (var group in names.GroupBy(name => name[..2]).Where(g => g.Count() > 1))
        {
            // Several scripts of one chapter are lettered a, b, c … so that ls lists them in the book's order.
            var letters = group.Select(name => ScriptName().Match(name).Groups["part"].Value).ToArray();
            Assert.Equal(Enumerable.Range(0, letters.Length).Select(i => ((char)('a' + i)).ToString()), letters);
        }
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void PlainDotnetRunBuildsTheScriptAndTheLibraryInRelease(string script)
    {
        // MSBuild's evaluation of the script's project, as a plain `dotnet run book/<script>` (no -c) sees it.
        var json = Dotnet(["build", Path.Combine(BookFolder, script), "-getProperty:Configuration", "-getProperty:Optimize", "-getItem:ProjectReference"],
            folder.Path, null, fashionMnist: false);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var properties = document.RootElement.GetProperty("Properties");
        Assert.Equal("Release", properties.GetProperty("Configuration").GetString());
        Assert.Equal("true", properties.GetProperty("Optimize").GetString());
        var references = document.RootElement.GetProperty("Items").GetProperty("ProjectReference").EnumerateArray().ToArray();
        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.Equal("Configuration=Release", reference.GetProperty("SetConfiguration").GetString()));
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void ScriptPrintsWhatTheBookPrints(string script)
    {
        var expectation = BookScriptExpectations.For(script);
        if (expectation.FashionMnist) _ = TestData.FashionMnistDirectory; // skipped (failed under CI) without the data
        expectation.Prepare?.Invoke(folder.Path);
        var printed = Run(script, expectation.Epochs, folder.Path, expectation.FashionMnist);
        expectation.Check(printed, folder.Path);
    }

    /// <summary>
    /// Runs <c>dotnet run book/&lt;script&gt;</c> in <paramref name="workingDirectory"/> (where chapter 21 saves its model
    /// and chapter 22 reads it) and returns the lines it printed. NNFS_DATA points at the tests' Fashion-MNIST folder
    /// when the script needs it.
    /// </summary>
    internal static string[] Run(string script, int? epochs, string workingDirectory, bool fashionMnist = false) =>
        Dotnet(["run", Path.Combine(BookFolder, script)], workingDirectory, epochs, fashionMnist)
            .Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').SkipLast(1).ToArray();

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>, asserts it succeeds and returns its standard output.</summary>
    private static string Dotnet(string[] arguments, string workingDirectory, int? epochs, bool fashionMnist)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host's MSBuild variables would point the child build at the test's own SDK context.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "MSBUILD_EXE_PATH").ToArray())
            start.Environment.Remove(name);
        if (epochs is int n) start.Environment["NNFS_BOOK_EPOCHS"] = n.ToString(CultureInfo.InvariantCulture);
        else start.Environment.Remove("NNFS_BOOK_EPOCHS");
        if (fashionMnist) start.Environment["NNFS_DATA"] = TestData.FashionMnistDirectory;

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within 5 minutes");
        }
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        return output.Result;
    }
}

/// <summary>The working folder the book scripts run in (chapter 21's model files land there), deleted afterwards.</summary>
public sealed class BookScriptFolder : IDisposable
{
    private readonly TempDir _folder = new();

    /// <summary>The folder's path.</summary>
    public string Path => _folder.Path;

    public void Dispose() => _folder.Dispose();
}
