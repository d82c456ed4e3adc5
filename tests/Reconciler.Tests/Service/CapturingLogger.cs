using Microsoft.Extensions.Logging;

namespace Reconciler.Tests.Service;

/// <summary>Keeps every log line (event name and formatted message) for assertions.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Event, string Message)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Event, string Message)> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add((logLevel, eventId.Name ?? "", formatter(state, exception)));
        }
    }
}
