using Microsoft.Extensions.Logging;

namespace Nnfs.Cli.Commands;

/// <summary>Writes log entries to a <see cref="TextWriter"/>, one line each: <c>level: category: message</c>.</summary>
internal sealed class WriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Write(LogLevel level, string category, string message)
    {
        string line = $"{Label(level)}: {category}: {CommandRunner.OneLine(message)}";
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "crit",
    };

    private sealed class Logger(WriterLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            string message = formatter(state, exception);
            if (exception is not null) message += $" ({exception.GetType().Name}: {exception.Message})";
            owner.Write(logLevel, category, message);
        }
    }
}
