using System.Diagnostics.CodeAnalysis;
using Serilog;
using Serilog.Events;

namespace CronLock.Logging;

/// <summary>
/// A logger that builds its Serilog pipeline (the console sink, its output template, the
/// enrichers) only when an event at an enabled level is written. A plain run that succeeds
/// without CRONLOCK_VERBOSE writes no line at all, and building the pipeline was about 1 ms
/// of its ~25 (docs/performance.md). Events below the minimum level are dropped here, unparsed,
/// as Serilog's own logger drops them.
/// </summary>
internal sealed class LazyLogger(LogEventLevel minimum, Func<ILogger> create) : ILogger
{
    private readonly Lazy<ILogger> _inner = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the pipeline was built (an event at an enabled level came).</summary>
    public bool Built => _inner.IsValueCreated;

    public bool IsEnabled(LogEventLevel level) => level >= minimum;

    public void Write(LogEvent logEvent)
    {
        if (IsEnabled(logEvent.Level))
        {
            _inner.Value.Write(logEvent);
        }
    }

    public bool BindMessageTemplate(
        string messageTemplate,
        object?[]? propertyValues,
        [NotNullWhen(true)] out MessageTemplate? parsedTemplate,
        [NotNullWhen(true)] out IEnumerable<LogEventProperty>? boundProperties) =>
        _inner.Value.BindMessageTemplate(messageTemplate, propertyValues, out parsedTemplate, out boundProperties);

    public bool BindProperty(string? propertyName, object? value, bool destructureObjects, [NotNullWhen(true)] out LogEventProperty? property) =>
        _inner.Value.BindProperty(propertyName, value, destructureObjects, out property);
}
