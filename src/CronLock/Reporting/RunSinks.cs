using System.Net;
using CronLock.Core.Locking;
using CronLock.Options;
using Serilog;

namespace CronLock.Reporting;

/// <summary>
/// The sinks a run's settings ask for. With none set it is <see cref="RunReport.None"/>: no
/// HttpClient is created, nothing is allocated, the run costs what it did without reporting.
/// </summary>
internal static class RunSinks
{
    public static RunReport For(CronLockOptions options, ILogger log)
    {
        if (options.Mode != RunMode.Run || (options.PingUrl is null && options.WebhookUrl is null))
        {
            return RunReport.None;
        }

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
        var sinks = new List<IRunSink>(2);
        if (options.PingUrl is { } ping)
        {
            sinks.Add(new HealthchecksSink(sender, ping, options.PingHeld, redact));
        }

        if (options.WebhookUrl is { } webhook)
        {
            sinks.Add(new WebhookSink(sender, webhook));
        }

        return new RunReport(sinks);
    }
}
