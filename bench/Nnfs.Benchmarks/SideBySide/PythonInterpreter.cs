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
    /// <paramref name="pathVariable"/>), else <see cref="DefaultName"/> on <paramref name="pathVariable"/>, else
    /// <see cref="Fallback"/>. Returns a full path.
    /// </summary>
    /// <exception cref="ArgumentException">None of them exists; the one-line message says what was looked for and how to pass one.</exception>
    public static string Find(string? option, string? pathVariable)
    {
        if (!string.IsNullOrEmpty(option))
        {
            bool isPath = option.Contains(Path.DirectorySeparatorChar) || option.Contains(Path.AltDirectorySeparatorChar);
            var found = isPath ? (File.Exists(option) ? Path.GetFullPath(option) : null) : OnPath(option, pathVariable);
            return found ?? throw new ArgumentException(
                $"--python: '{option}' {(isPath ? "does not exist" : "is not on PATH")}; pass the interpreter's path, or --peers \"\" to run without the peers.");
        }
        return OnPath(DefaultName, pathVariable) ?? (File.Exists(Fallback) ? Fallback : throw new ArgumentException(
            $"no Python interpreter: '{DefaultName}' is not on PATH and {Fallback} does not exist; pass --python PATH, or --peers \"\" to run without the peers."));
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
