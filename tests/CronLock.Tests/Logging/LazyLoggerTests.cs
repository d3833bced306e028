using CronLock.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace CronLock.Tests.Logging;

/// <summary>The run's logger builds its pipeline only when a line is written, and writes lines as the pipeline would.</summary>
public sealed class LazyLoggerTests
{
    private sealed class Capture : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }

    /// <summary>A lazy logger at <paramref name="minimum"/> over a pipeline that counts its builds and captures its events.</summary>
    private static (LazyLogger Lazy, Capture Capture, Func<int> Builds) Logger(LogEventLevel minimum)
    {
        var builds = 0;
        var capture = new Capture();
        var lazy = new LazyLogger(minimum, () =>
        {
            builds++;
            return new LoggerConfiguration().MinimumLevel.Is(minimum).Enrich.With(new ControlCharacterEnricher()).WriteTo.Sink(capture).CreateLogger();
        });
        return (lazy, capture, () => builds);
    }

    [Fact]
    public void Events_below_the_minimum_level_build_nothing_and_write_nothing()
    {
        var (lazy, capture, builds) = Logger(LogEventLevel.Information);
        ILogger log = lazy;

        log.Debug("lock key {Key}", "cronlock.abc");
        log.Verbose("nothing");

        Assert.Equal(0, builds());
        Assert.False(lazy.Built);
        Assert.False(log.IsEnabled(LogEventLevel.Debug));
        Assert.Empty(capture.Events);
    }

    [Fact]
    public void The_first_enabled_event_builds_the_pipeline_once_and_every_event_reaches_it_with_its_properties()
    {
        var (lazy, capture, builds) = Logger(LogEventLevel.Debug);
        ILogger log = lazy;
        var failure = new InvalidOperationException("boom");

        log.Debug("lock key {Key}", "cronlock.abc");
        log.Warning("{Problem}", "line one\nline two");
        log.Error(failure, "{Error}: {Count} tries", "cannot reach Redis", 3);

        Assert.Equal(1, builds());
        Assert.True(lazy.Built);
        Assert.Equal([LogEventLevel.Debug, LogEventLevel.Warning, LogEventLevel.Error], capture.Events.Select(e => e.Level));
        Assert.Equal("lock key \"cronlock.abc\"", capture.Events[0].RenderMessage());
        Assert.Equal("\"line one\\nline two\"", capture.Events[1].RenderMessage());
        Assert.Equal("\"cannot reach Redis\": 3 tries", capture.Events[2].RenderMessage());
        Assert.Same(failure, capture.Events[2].Exception);
        Assert.True(DateTimeOffset.Now - capture.Events[0].Timestamp < TimeSpan.FromMinutes(1));
    }
}
