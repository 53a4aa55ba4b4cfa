namespace Nnfs.Benchmarks.SideBySide;

/// <summary>Finds the Python interpreter that runs the NumPy and PyTorch peers.</summary>
internal static class PythonInterpreter
{
    /// <summary>The program looked for on <c>PATH</c> when no <c>--python</c> is given.</summary>
    public const string DefaultName = "python3";

    /// <summary>Where the interpreter is looked for when it is not on <c>PATH</c>.</summary>
    public const string Fallback = "/usr/bin/python3";

    /// <summary>
    /// The interpreter: <paramref name="option"/> when given (a path, or a name looked up on
    /// <paramref name="pathVariable"/>); else the first of <see cref="DefaultName"/> on <paramref name="pathVariable"/>
    /// and <see cref="Fallback"/> that can import NumPy (<paramref name="importsNumPy"/>, default: runs
    /// <c>python -c "import numpy"</c>), so that a PATH python without NumPy (a pyenv shim, a bare venv) does not hide
    /// the system's; else the first of them that exists. Returns a full path.
    /// </summary>
    /// <exception cref="ArgumentException">None of them exists; the one-line message says what was looked for and how to pass one.</exception>
    public static string Find(string? option, string? pathVariable, Func<string, bool>? importsNumPy = null)
    {
        if (!string.IsNullOrEmpty(option))
        {
            bool isPath = option.Contains(Path.DirectorySeparatorChar) || option.Contains(Path.AltDirectorySeparatorChar);
            var found = isPath ? (File.Exists(option) ? Path.GetFullPath(option) : null) : OnPath(option, pathVariable);
            return found ?? throw new ArgumentException(
                $"--python: '{option}' {(isPath ? "does not exist" : "is not on PATH")}; pass the interpreter's path, or --peers \"\" to run without the peers.");
        }
        var candidates = new[] { OnPath(DefaultName, pathVariable), File.Exists(Fallback) ? Fallback : null }
            .OfType<string>().Distinct().ToArray();
        if (candidates.Length == 0)
            throw new ArgumentException(
                $"no Python interpreter: '{DefaultName}' is not on PATH and {Fallback} does not exist; pass --python PATH, or --peers \"\" to run without the peers.");
        importsNumPy ??= ImportsNumPy;
        return candidates.FirstOrDefault(importsNumPy) ?? candidates[0];
    }

    private static bool ImportsNumPy(string python) => Imports(python, "numpy");

    /// <summary>Whether <c>python -c "import MODULE"</c> succeeds within 30 s (false when it cannot start).</summary>
    public static bool Imports(string python, string module)
    {
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-c", "import " + module }) psi.ArgumentList.Add(a);
            using var p = System.Diagnostics.Process.Start(psi);
            if (p is null) return false;
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(30_000))
            {
                p.Kill(entireProcessTree: true);
                return false;
            }
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    /// <summary>The first <c>dir/name</c> that exists, for the directories of <paramref name="pathVariable"/>, or null.</summary>
    private static string? OnPath(string name, string? pathVariable)
    {
        foreach (var dir in (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }
}
