using System.CommandLine;
using Nnfs.Models;
using Nnfs.Serialization;

namespace Nnfs.Cli.Commands;

/// <summary>Runs a command's work with its output writers, turning expected failures into one-line errors.</summary>
internal static class CommandRunner
{
    /// <summary>
    /// Runs <paramref name="work"/> with the invocation's output and error writers. Bad input (missing files, bad
    /// data, invalid option combinations, a diverging run) prints <c>error: message</c> and returns 1; cancellation
    /// (Ctrl+C) returns 130.
    /// </summary>
    public static int Run(ParseResult parse, Func<TextWriter, TextWriter, int> work)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return work(output, error);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("cancelled; nothing was saved");
            return 130;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException
                                      or FormatException or NotSupportedException or TrainingDivergedException
                                      or InvalidOperationException or HttpRequestException)
        {
            error.WriteLine($"error: {Describe(e)}");
            return 1;
        }
    }

    /// <summary>
    /// True when progress should be drawn as a live bar: the output is the real console and is not redirected.
    /// Otherwise commands print the book's report lines.
    /// </summary>
    public static bool UseProgressBar(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    private static string Describe(Exception e) => e switch
    {
        TrainingDivergedException => $"{e.Message} Try a smaller --learning-rate.",
        ModelFormatException m => m.Message,
        _ => e.Message,
    };
}
