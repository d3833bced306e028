using CronLock.Core.Locking;
using CronLock.Inspection;
using CronLock.Logging;
using CronLock.Options;
using CronLock.Reporting;
using CronLock.Running;

namespace CronLock.Modes;

/// <summary>
/// The main mode: take the lock, run the job under it (renewing the lease, stopping the job when
/// the lock is lost), then leave the lock as the contract says, whatever the job did.
/// </summary>
internal sealed class RunUnderLock(ModeContext context)
{
    public async Task<RunOutcome> RunAsync(IDistributedLock redisLock, SignalRelay signals)
    {
        var result = await new LockTaker(context).TakeAsync(redisLock, signals.Stopping);
        return result is AcquireResult.Acquired acquired
            ? await RunJobAsync(redisLock, acquired.Lease, signals)
            : NotTaken.Outcome(result, context.Log, signals);
    }

    private async Task<RunOutcome> RunJobAsync(IDistributedLock redisLock, LockLease lease, SignalRelay signals)
    {
        PhaseMarks.Mark("acquired");
        var (options, log) = (context.Options, context.Log);
        using var lost = new CancellationTokenSource();
        using var jobDone = new CancellationTokenSource();
        // Until when the lock stays should the leave fail, in the server's time as --status shows
        // it: the acquire's expiry, moved by each renewal (server time at the acquire + time since).
        var taken = context.Clock.GetTimestamp();
        var start = new RunStart(lease.FencingToken, context.Clock.GetUtcNow());
        context.Report.LockTaken(start);
        var lockEnds = lease.ExpiresAt;
        var leaseKeeper = new LeaseKeeper(redisLock, options.LeaseSeconds, options.ReleaseSeconds, context.Clock,
            problem => log.Warning("{Problem}", problem),
            seconds =>
            {
                lockEnds = lease.StartedAt + (long)context.Clock.GetElapsedTime(taken).TotalSeconds + seconds;
                log.Debug("lease renewed: the lock lasts {Seconds}s more", seconds);
            });
        lost.Token.Register(() => log.Error("lock lost: {Why}", leaseKeeper.LostReason));
        var keeper = options.LeaseSeconds > 0 ? leaseKeeper.KeepAsync(lost, jobDone.Token) : Task.CompletedTask;
        var environment = JobEnvironment.Changes(context.EnvironmentVariables(), context.Redactor, options.LockKey, lease.FencingToken);
        var rules = new StopRules(options.TimeoutSeconds, options.TimeoutSignal, options.KillAfterSeconds, options.OnLost == LostLockPolicy.Kill);

        ChildOutcome? child = null;
        try
        {
            child = await new ChildRunner(log, context.Clock).RunAsync(options.CommandBytes, options.CommandLine, environment, rules, signals, lost.Token, context.Capture);
        }
        finally
        {
            PhaseMarks.Mark("supervised");
            await jobDone.CancelAsync();
            await keeper;

            // No job started (a signal came first): release the lock. Otherwise keep it for GRACE.
            LogLeave(child is null
                ? await redisLock.ReleaseAsync()
                : await redisLock.KeepForGraceAsync(options.GraceSeconds, new RunOutcome.JobFinished(child).ExitCode, HistoryEntry(new RunOutcome.JobFinished(child), start)), lockEnds);
        }

        PhaseMarks.Mark("left");
        switch (child)
        {
            case null:
                return NotTaken.Interrupted(log, signals);
            case ChildOutcome.NotStarted notStarted:
                log.Error("{Reason}", notStarted.Reason);
                break;
            case ChildOutcome.Exited exited:
                log.Debug("job exited with code {Code}", exited.Code);
                break;
            case ChildOutcome.Signaled signaled:
                log.Debug("job was killed by signal {Signal}", signaled.Signal);
                break;
        }

        return new RunOutcome.JobFinished(child);
    }

    /// <summary>This run for the history list, appended in the leave's round trip; null when CRONLOCK_HISTORY is 0.</summary>
    private RunHistoryEntry? HistoryEntry(RunOutcome.JobFinished outcome, RunStart start)
    {
        var options = context.Options;
        if (options.HistorySize == 0)
        {
            return null;
        }

        // A finished job is always a run: its record is never null.
        var record = outcome.Record(options, start.FencingToken, start.At, context.Clock.GetUtcNow(), context.Capture?.Tail)!;
        return new RunHistoryEntry(options.HistorySize, RunRecordJson.SerializeForHistory(record));
    }

    /// <param name="lockEnds">When the lock ends at the latest (unix seconds), as this run last set it.</param>
    private void LogLeave(LeaveResult result, long lockEnds)
    {
        var (log, key) = (context.Log, context.Options.LockKey);
        switch (result)
        {
            case LeaveResult.Kept kept:
                log.Debug("lock {Key} kept {Seconds}s more for GRACE", key, kept.Seconds);
                break;
            case LeaveResult.Ended:
                log.Debug("lock {Key} released", key);
                break;
            case LeaveResult.NotOurs:
                log.Warning("lock {Key} is no longer ours (another holder took it): left alone", key);
                break;
            case LeaveResult.Failed failed:
                log.Error("{Error}; the lock stays until {Until} at the latest ({Setting}), unless CRONLOCK_RESET=yes frees it sooner",
                    failed.Error, StatusText.Time(DateTimeOffset.FromUnixTimeSeconds(lockEnds)),
                    context.Options.LeaseSeconds > 0 ? "CRONLOCK_LEASE, as last renewed" : "CRONLOCK_RELEASE");
                break;
        }
    }
}
