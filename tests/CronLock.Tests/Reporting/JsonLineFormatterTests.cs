using System.Text.Json;
using CronLock.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace CronLock.Tests.Reporting;

/// <summary>CRONLOCK_LOG_FORMAT=json: one JSON object per line, the message as text lines show it.</summary>
public sealed class JsonLineFormatterTests
{
    private sealed class Capture : ILogEventSink
    {
        public StringWriter Output { get; } = new();

        public void Emit(LogEvent logEvent) => new JsonLineFormatter().Format(logEvent, Output);
    }

    [Fact]
    public void An_event_is_one_parseable_line_with_the_plain_message_and_its_fields()
    {
        var capture = new Capture();
        using var log = new LoggerConfiguration().Enrich.With(new ControlCharacterEnricher()).WriteTo.Sink(capture).CreateLogger();

        log.Error("{Error}: {Count} tries", "cannot reach Redis\nat localhost", 3);

        var line = capture.Output.ToString();
        Assert.Equal(1, line.Count(c => c == '\n'));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("cannot reach Redis\\nat localhost: 3 tries", root.GetProperty("@m").GetString());
        Assert.Equal("Error", root.GetProperty("@l").GetString());
        Assert.Equal(3, root.GetProperty("Count").GetInt32());
        Assert.True(root.TryGetProperty("@t", out _));
    }
}
