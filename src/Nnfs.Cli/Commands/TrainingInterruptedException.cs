namespace Nnfs.Cli.Commands;

/// <summary>
/// <c>nnfs train</c> was stopped (Ctrl+C, SIGTERM) at the end of a step; the message says what was saved, and the tool
/// exits with <see cref="ExitCodes.Interrupted"/>.
/// </summary>
internal sealed class TrainingInterruptedException(string message, string? savedPath, int savedEpoch, Exception inner)
    : OperationCanceledException(message, inner)
{
    /// <summary>The model file written with the last completed epoch, or null when nothing was saved.</summary>
    public string? SavedPath { get; } = savedPath;

    /// <summary>The epoch whose end state was saved, or 0 when nothing was saved.</summary>
    public int SavedEpoch { get; } = savedEpoch;
}
