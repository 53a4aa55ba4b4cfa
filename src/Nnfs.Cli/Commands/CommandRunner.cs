using System.CommandLine;
using Nnfs.Models;
using Nnfs.Serialization;

namespace Nnfs.Cli.Commands;

/// <summary>Runs a command's work with its output writers, turning failures into one-line errors and exit codes.</summary>
internal static class CommandRunner
{
    /// <summary>
    /// Runs <paramref name="work"/> with the invocation's output and error writers; an exception it throws is
    /// reported by <see cref="Report"/>.
    /// </summary>
    public static int Run(ParseResult parse, Func<TextWriter, TextWriter, int> work)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return work(output, error);
        }
        catch (Exception e)
        {
            return Report(e, error);
        }
    }

    /// <summary>
    /// Writes one line about <paramref name="e"/> to <paramref name="error"/> and returns the exit code: expected
    /// errors (bad input, missing files, options that do not go together, a diverged run) print <c>error: message</c>
    /// and return <see cref="ExitCodes.Failure"/>; cancellation returns <see cref="ExitCodes.Interrupted"/>; anything
    /// else is a bug and prints <c>internal error (Type): message</c> with <see cref="ExitCodes.Internal"/>.
    /// </summary>
    public static int Report(Exception e, TextWriter error)
    {
        switch (e)
        {
            case TrainingInterruptedException interrupted:
                error.WriteLine(OneLine(interrupted.Message));
                return ExitCodes.Interrupted;
            case OperationCanceledException:
                error.WriteLine("cancelled; nothing was saved");
                return ExitCodes.Interrupted;
            case IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or FormatException
                or NotSupportedException or TrainingDivergedException or InvalidOperationException or HttpRequestException:
                error.WriteLine($"error: {OneLine(Describe(e))}");
                return ExitCodes.Failure;
            default:
                error.WriteLine($"internal error ({e.GetType().Name}): {OneLine(e.Message)} (please report this)");
                return ExitCodes.Internal;
        }
    }

    /// <summary>
    /// True when progress should be drawn as a live bar: the output is the real console and is not redirected.
    /// Otherwise commands print the book's report lines.
    /// </summary>
    public static bool UseProgressBar(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    /// <summary><paramref name="text"/> with line breaks replaced by spaces, so that an error stays on one line.</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Describe(Exception e) => e switch
    {
        TrainingDivergedException => $"{e.Message} Try a smaller --learning-rate.",
        ModelFormatException m => m.Message,
        _ => e.Message,
    };
}
