namespace Nnfs.Cli;

/// <summary>The exit codes of <c>nnfs</c> (also listed in the README).</summary>
/// <remarks>2 follows the shells' convention for a usage error; 70 is <c>EX_SOFTWARE</c> of BSD's
/// <c>sysexits.h</c>; 130 is 128 + SIGINT, what a shell reports for a program stopped by Ctrl+C.</remarks>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>An expected error: a missing or bad file, bad data, options that do not go together, a diverged run.</summary>
    public const int Failure = 1;

    /// <summary>A usage error: an option value that does not parse, an unknown option or command, a missing argument.</summary>
    public const int Usage = 2;

    /// <summary>An internal error (a bug in nnfs): one line naming the exception's type.</summary>
    public const int Internal = 70;

    /// <summary>Stopped by Ctrl+C (SIGINT) or SIGTERM.</summary>
    public const int Interrupted = 130;
}
