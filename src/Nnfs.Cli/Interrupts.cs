using System.Runtime.InteropServices;

namespace Nnfs.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for the whole process: while a command that stops cleanly is running (inside
/// <see cref="Cooperate"/>), the first signal cancels <see cref="Token"/> instead of ending the process, so the
/// command can finish its step and save; a second signal, or a signal outside such a command, ends the process as usual.
/// </summary>
internal static class Interrupts
{
    private static readonly CancellationTokenSource s_source = new();
    private static int s_cooperating;

    /// <summary>Cancelled by the first signal received while a command cooperates.</summary>
    public static CancellationToken Token => s_source.Token;

    /// <summary>
    /// Starts handling SIGINT and SIGTERM (the command then reports what it did in its own one line). Dispose the result
    /// to stop.
    /// </summary>
    public static IDisposable Listen()
    {
        static void Handle(PosixSignalContext context)
        {
            if (Volatile.Read(ref s_cooperating) == 0 || s_source.IsCancellationRequested) return;
            context.Cancel = true;
            s_source.Cancel();
        }
        return new Registrations(
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
    }

    /// <summary>Marks a command that observes <see cref="Token"/> as running until the result is disposed.</summary>
    public static IDisposable Cooperate()
    {
        Interlocked.Increment(ref s_cooperating);
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref s_cooperating);
        }
    }

    private sealed class Registrations(params IDisposable[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in registrations) r.Dispose();
        }
    }
}
