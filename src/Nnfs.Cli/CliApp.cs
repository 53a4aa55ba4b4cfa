using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Nnfs.Cli.Commands;

namespace Nnfs.Cli;

/// <summary>
/// The <c>nnfs</c> command line: its commands, parse errors as one line, and an exit code for every outcome
/// (<see cref="ExitCodes"/>). <c>Program</c> and the tests run the tool through <see cref="Run"/>.
/// </summary>
/// <remarks>
/// A command line that does not parse (a value an option cannot take, an unknown option, a missing argument) prints
/// <c>error: …; see 'nnfs COMMAND --help'</c> on one line, without the help text, and exits with
/// <see cref="ExitCodes.Usage"/>. An exception that escapes a command is reported on one line by
/// <see cref="CommandRunner.Report"/>: never a stack trace.
/// </remarks>
internal static class CliApp
{
    /// <summary>The name the tool is installed and documented under, which help and errors show.</summary>
    public const string CommandName = "nnfs";

    /// <summary>The root command with every subcommand.</summary>
    /// <remarks>
    /// A <see cref="RootCommand"/> is named after the running assembly (<c>Nnfs.Cli</c>, which cannot be <c>nnfs</c>:
    /// assembly names ignore case and the library is <c>Nnfs</c>), so the root is a <see cref="Command"/> named
    /// <see cref="CommandName"/> with the options a <see cref="RootCommand"/> would add: help and version.
    /// </remarks>
    public static Command CreateRoot() => new(CommandName, "nnfs: neural networks from scratch in C#. Train, evaluate and predict.")
    {
        new HelpOption(),
        new VersionOption(),
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        PredictCommand.Create(),
        ExportCommand.Create(),
        ServeCommand.Create(),
    };

    /// <summary>Parses <paramref name="args"/> and runs the command, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error: errors, one line each.</param>
    /// <param name="cancellation">Stops commands that support it (<c>train</c>) at the end of their current step.</param>
    /// <returns>The process exit code.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        try
        {
            var parse = CreateRoot().Parse(args);
            if (parse.Action is ParseErrorAction)
            {
                error.WriteLine(DescribeErrors(parse));
                return ExitCodes.Usage;
            }
            var configuration = new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                // Signals are handled by Interrupts (Program): a command that saves must not be cut off by a timeout.
                ProcessTerminationTimeout = null,
            };
            return parse.InvokeAsync(configuration, cancellation).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            return CommandRunner.Report(e, error);
        }
    }

    /// <summary>
    /// The parse errors of <paramref name="parse"/> on one line: each distinct message once, then where to find the
    /// command's help.
    /// </summary>
    public static string DescribeErrors(ParseResult parse)
    {
        var messages = parse.Errors.Select(e => CommandRunner.OneLine(e.Message).TrimEnd('.')).Distinct().ToList();
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command.Name);
        return $"error: {string.Join("; ", messages)}; see '{string.Join(' ', names)} --help'";
    }
}
