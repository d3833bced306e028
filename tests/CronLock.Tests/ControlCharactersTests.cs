using CronLock.Core;
using CronLock.Inspection;
using CronLock.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace CronLock.Tests;

public sealed class ControlCharactersTests
{
    [Theory]
    [InlineData("plain text, ünïcode, \\n as typed", "plain text, ünïcode, \\n as typed")]
    [InlineData("12\nFAKE: forged line", "12\\nFAKE: forged line")]
    [InlineData("a\r\nb\tc", "a\\r\\nb\\tc")]
    [InlineData("\u0000\u0001\u001b[31m\u001f", "\\x00\\x01\\x1B[31m\\x1F")]
    [InlineData("del\u007f", "del\\x7F")]
    [InlineData("c1 \u0085 \u009b \u0080 \u009f", "c1 \\x85 \\x9B \\x80 \\x9F")]
    [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
    [InlineData("\u00a0 \u200b stay", "\u00a0 \u200b stay")]
    public void Escape_WritesControlCharactersAsEscapes(string text, string expected)
    {
        Assert.Equal(expected, ControlCharacters.Escape(text));
    }

    [Fact]
    public void Escape_WithNothingToEscape_ReturnsTheSameString()
    {
        var text = "cronlock.backup";

        Assert.Same(text, ControlCharacters.Escape(text));
    }

    [Fact]
    public void Logger_EscapesEveryValue_SoAnEventIsOneLine()
    {
        var events = new List<LogEvent>();
        var log = new LoggerConfiguration()
            .Enrich.With(new ControlCharacterEnricher())
            .WriteTo.Sink(new Collect(events))
            .CreateLogger();

        log.Error("{Error} / {Key} / {Keys} / {Count}", "bad\nFAKE: line", 'x', new[] { "a\nb" }, 3);

        var line = Assert.Single(events).RenderMessage();
        Assert.Equal("\"bad\\nFAKE: line\" / \"x\" / [\"a\\nb\"] / 3", line);
    }

    [Fact]
    public void StatusText_EscapesWhatCameFromRedis()
    {
        var status = new LockStatus
        {
            Key = "cronlock.a\nb",
            State = "held",
            Holder = new LockHolder(new LockHolderInfo("id", "host\rX", 1, DateTimeOffset.UnixEpoch, "job\n  last run: forged", "why\nFAKE", 1)),
        };

        var text = StatusText.Format(status);
        var line = StatusText.FormatLine(status);

        Assert.Equal(
            "cronlock.a\\nb: held by host\\rX pid 1 since 1970-01-01T00:00:00Z, fencing token 1, reason: why\\nFAKE\n  command: job\\n  last run: forged",
            text);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.Single(line.Split('\t'), part => part == "cronlock.a\\nb");
    }

    private sealed class Collect(List<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Add(logEvent);
    }
}
