using Serilog;
using Serilog.Events;

namespace CronLock.Reporting;

/// <summary>
/// One event at the end of each run with what a log pipeline needs to alert on it: in JSON mode
/// always (the format exists for machines), in text mode only with CRONLOCK_VERBOSE.
/// </summary>
internal sealed class SummaryLogSink(ILogger log, LogEventLevel level) : IRunSink
{
    public void LockTaken(RunStart start)
    {
    }

    public Task FinishedAsync(RunRecord record)
    {
        log.Write(level,
            "run ended: key {Key} host {Host} outcome {Outcome} exit code {ExitCode} duration {DurationSeconds}s fencing token {FencingToken}",
            record.Key, record.Host, RunRecordJson.Outcome(record.Kind), record.ExitCode, Math.Round(record.Duration.TotalSeconds, 3), record.FencingToken);
        return Task.CompletedTask;
    }
}
