using Nnfs.Benchmarks.SideBySide;

namespace Nnfs.Benchmarks.Tests.SideBySide;

public sealed class PythonInterpreterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"nnfs-python-test-{Guid.NewGuid():N}");

    public PythonInterpreterTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(string dir, string name)
    {
        Directory.CreateDirectory(Path.Combine(_root, dir));
        var path = Path.Combine(_root, dir, name);
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public void Find_TakesTheFirstPython3OnPath()
    {
        var second = Touch("b", "python3");
        var path = string.Join(Path.PathSeparator, Path.Combine(_root, "a"), Path.Combine(_root, "b"));
        Assert.Equal(second, PythonInterpreter.Find(null, path, _ => true));
        var first = Touch("a", "python3");
        Assert.Equal(first, PythonInterpreter.Find(null, path, _ => true));
    }

    [Fact]
    public void Find_PrefersAnInterpreterWithNumPy_ElseTheFirstFound()
    {
        var onPath = Touch("shims", "python3");
        var dir = Path.Combine(_root, "shims");
        if (File.Exists(PythonInterpreter.Fallback))
            Assert.Equal(PythonInterpreter.Fallback, PythonInterpreter.Find(null, dir, p => p == PythonInterpreter.Fallback));
        Assert.Equal(onPath, PythonInterpreter.Find(null, dir, p => p == onPath));
        Assert.Equal(onPath, PythonInterpreter.Find(null, dir, _ => false));
    }

    [Fact]
    public void Find_AsksThePythonItselfWhetherItHasNumPy()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh")) return;
        // A stand-in python3 on PATH that fails "import numpy": the system's is preferred when it has NumPy.
        var shim = Touch("bare", "python3");
        File.WriteAllText(shim, "#!/bin/sh\nexit 1\n");
        File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var chosen = PythonInterpreter.Find(null, Path.Combine(_root, "bare"));
        Assert.Equal(File.Exists(PythonInterpreter.Fallback) ? PythonInterpreter.Fallback : shim, chosen);
        File.WriteAllText(shim, "#!/bin/sh\nexit 0\n");
        Assert.Equal(shim, PythonInterpreter.Find(null, Path.Combine(_root, "bare")));
    }

    [Fact]
    public void Find_TakesTheOption_ByPathOrByName()
    {
        var given = Touch("venv", "python");
        Assert.Equal(given, PythonInterpreter.Find(given, null));
        Assert.Equal(given, PythonInterpreter.Find("python", Path.Combine(_root, "venv")));

        var missing = Assert.Throws<ArgumentException>(() => PythonInterpreter.Find(Path.Combine(_root, "nope", "python3"), null));
        Assert.Contains("does not exist", missing.Message);
        Assert.DoesNotContain('\n', missing.Message);
        var notOnPath = Assert.Throws<ArgumentException>(() => PythonInterpreter.Find("python3.99", Path.Combine(_root, "venv")));
        Assert.Contains("'python3.99' is not on PATH", notOnPath.Message);
    }

    [Fact]
    public void Find_FallsBackToUsrBin_ElseSaysWhatIsMissingOnOneLine()
    {
        var empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(empty);
        if (File.Exists(PythonInterpreter.Fallback))
        {
            Assert.Equal(PythonInterpreter.Fallback, PythonInterpreter.Find(null, empty, _ => false));
            return;
        }
        var ex = Assert.Throws<ArgumentException>(() => PythonInterpreter.Find(null, empty));
        Assert.Contains("--python", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
