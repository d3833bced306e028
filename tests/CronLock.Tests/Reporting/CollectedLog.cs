using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace CronLock.Tests.Reporting;

/// <summary>A logger whose events a test reads back, rendered as stderr would show them.</summary>
internal sealed class CollectedLog : ILogEventSink
{
    /// <summary>Strings unquoted, as cronlock's stderr shows them.</summary>
    private static readonly MessageTemplateTextFormatter Format = new("{Level}: {Message:lj}");

    private readonly List<string> _lines = [];

    public CollectedLog() => Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_lines)
        {
            var line = new StringWriter();
            Format.Format(logEvent, line);
            _lines.Add(line.ToString());
        }
    }
}
