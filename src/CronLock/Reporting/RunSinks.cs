using CronLock.Options;
using Serilog;
using Serilog.Events;

namespace CronLock.Reporting;

/// <summary>The sinks this run's settings ask for; <see cref="RunReport.None"/> when none, so a plain run pays nothing.</summary>
internal static class RunSinks
{
    /// <param name="readPrevious">Reads a sink's own previous file (the metrics counters), null when there is none to read.</param>
    public static RunReport For(CronLockOptions options, ILogger log, Func<string, string?> readPrevious)
    {
        var sinks = new List<IRunSink>();
        if (options.MetricsDirectory is { } directory)
        {
            sinks.Add(new MetricsSink(directory, MetricsText.FileName(options.LockKey, options.Prefix), log, readPrevious));
        }

        if (options.LogFormat == LogFormat.Json || options.Verbose)
        {
            sinks.Add(new SummaryLogSink(log, options.LogFormat == LogFormat.Json ? LogEventLevel.Information : LogEventLevel.Debug));
        }

        return sinks.Count == 0 ? RunReport.None : new RunReport(sinks);
    }
}
