using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace CronLock.Reporting;

/// <summary>
/// Pings a Healthchecks check (healthchecks.io or self-hosted) for the host that took the lock:
/// <c>/start</c> in the background as the job starts, <c>/&lt;exit code&gt;</c> with the output's
/// tail when it ends, <c>/fail</c> with the reason when CronLock failed, timed the job out or lost
/// the lock. A run that found the lock held pings only with CRONLOCK_PING_HELD=log (<c>/log</c>).
/// </summary>
/// <param name="url">The check's ping URL, without a trailing slash or query.</param>
internal sealed class HealthchecksSink(ReportSender sender, Uri url, bool pingHeld, Func<string, string> redact) : IRunSink
{
    private const string Text = "text/plain";

    /// <summary>Pairs the start with the end, so Healthchecks measures this run's duration even when runs overlap.</summary>
    private readonly string _runId = Guid.NewGuid().ToString();

    private Task<HttpResponseHeaders?>? _start;

    public void LockTaken(RunStart start)
    {
        // The job starts at once: the ping goes on a pool thread and is awaited only at the end.
        _start = Task.Run(() => sender.PostAsync("ping /start", Ping($"start?rid={_runId}"), [], Text));
    }

    public async Task FinishedAsync(RunRecord record)
    {
        if (record.Kind == RunKind.Held)
        {
            if (pingHeld)
            {
                await sender.PostAsync("ping /log", Ping("log"), Fit(Line(record.Reason), PingBody.DefaultLimit), Text);
            }

            return;
        }

        // The start's answer says how big a body the server keeps; it was bounded by its own budget.
        var limit = _start is null ? PingBody.DefaultLimit : PingBody.Limit(await _start);
        var rid = _start is null ? "" : $"?rid={_runId}";
        if (record.Kind == RunKind.Ran)
        {
            var code = record.ExitCode.ToString(CultureInfo.InvariantCulture);
            await sender.PostAsync($"ping /{code}", Ping(code + rid), Fit(record.OutputTail ?? [], limit), Text);
        }
        else
        {
            await sender.PostAsync("ping /fail", Ping("fail" + rid), Fit(Line(record.Reason), limit), Text);
        }
    }

    private Uri Ping(string tail) => new($"{url.AbsoluteUri.TrimEnd('/')}/{tail}");

    private byte[] Line(string? reason) => Encoding.UTF8.GetBytes(redact(reason ?? "") + "\n");

    private static byte[] Fit(byte[] body, int limit) => PingBody.Fit(body, limit);
}
