using System.Net;
using CronLock.Core.Locking;
using CronLock.Options;
using Serilog;
using Serilog.Events;

namespace CronLock.Reporting;

/// <summary>
/// The sinks a run's settings ask for. With none set it is <see cref="RunReport.None"/>: no
/// HttpClient is created, nothing is allocated, the run costs what it did without reporting.
/// </summary>
internal static class RunSinks
{
    /// <param name="readPrevious">Reads a sink's own previous file (the metrics counters), null when there is none to read.</param>
    public static RunReport For(CronLockOptions options, ILogger log, Func<string, string?> readPrevious)
    {
        if (options.Mode != RunMode.Run)
        {
            return RunReport.None;
        }

        var sinks = new List<IRunSink>();
        if (options.PingUrl is not null || options.WebhookUrl is not null)
        {
            AddHttpSinks(options, log, sinks);
        }

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

    private static void AddHttpSinks(CronLockOptions options, ILogger log, List<IRunSink> sinks)
    {
        // Text from the HTTP stack and reasons may hold a secret: the passwords, or the URLs themselves.
        var redact = new SecretRedactor([.. options.Secrets]).Redact;
        var timeout = TimeSpan.FromSeconds(options.PingTimeoutSeconds);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
        };
        var sender = new ReportSender(new HttpMessageInvoker(handler, disposeHandler: true), timeout, log, redact);
        if (options.PingUrl is { } ping)
        {
            sinks.Add(new HealthchecksSink(sender, ping, options.PingHeld, redact));
        }

        if (options.WebhookUrl is { } webhook)
        {
            sinks.Add(new WebhookSink(sender, webhook));
        }
    }
}
