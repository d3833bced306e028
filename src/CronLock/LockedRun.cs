using CronLock.Locking;
using CronLock.Logging;
using CronLock.Options;
using CronLock.Running;
using Serilog;

namespace CronLock;

/// <summary>
/// One run of the contract: connect, take the lock, run the job, leave the lock. Connects the
/// lock side and the process side, which know nothing of each other.
/// </summary>
internal sealed class LockedRun(CronLockOptions options, ILogger log)
{
    public async Task<RunOutcome> RunAsync()
    {
        using var signals = new SignalRelay();
        var redactor = new SecretRedactor(options.Password);
        log.Debug("lock key {Key}", options.LockKey);

        ConnectResult connection;
        try
        {
            connection = await new RedisConnector(options, log, redactor).ConnectAsync(signals.Stopping);
        }
        catch (OperationCanceledException)
        {
            return Interrupted(signals);
        }

        if (connection.Connection is null)
        {
            return new RunOutcome.Failed(connection.Error!);
        }

        var redisLock = new RedisLock(connection.Connection.GetDatabase(options.Database), options.LockKey, redactor);
        return options.Reset ? await ResetAsync(redisLock) : await RunLockedAsync(redisLock, signals);
    }

    private async Task<RunOutcome> ResetAsync(RedisLock redisLock)
    {
        if (await redisLock.ResetAsync() is { } error)
        {
            return new RunOutcome.Failed(error);
        }

        log.Debug("reset: deleted {Key}", options.LockKey);
        return new RunOutcome.ResetDone();
    }

    private async Task<RunOutcome> RunLockedAsync(RedisLock redisLock, SignalRelay signals)
    {
        switch (await redisLock.TryAcquireAsync(options.ReleaseSeconds))
        {
            case AcquireResult.Failed failed:
                return new RunOutcome.Failed(failed.Error);
            case AcquireResult.HeldElsewhere held:
                if (held.HeldUntil is { } until)
                {
                    log.Debug("lock {Key} is held elsewhere (expires in {Seconds}s): not running", options.LockKey, until - held.ServerNow);
                }
                else
                {
                    log.Debug("lock {Key} holds a value that is not a time: not running, not touching it", options.LockKey);
                }

                return new RunOutcome.NotAcquired();
            case AcquireResult.Acquired acquired:
                log.Debug(acquired.TookOverStale ? "took over stale lock {Key}" : "acquired lock {Key}", options.LockKey);
                return await RunJobAsync(redisLock, acquired.Lease, signals);
            default:
                throw new InvalidOperationException("unknown acquire result");
        }
    }

    private async Task<RunOutcome> RunJobAsync(RedisLock redisLock, LockLease lease, SignalRelay signals)
    {
        ChildOutcome? child = null;
        try
        {
            child = await new ChildRunner(log).RunAsync(options.Command, options.TimeoutSeconds, signals);
        }
        finally
        {
            // No job started (a signal came first): give the lock back. Otherwise keep it for GRACE.
            var keepUntil = child is null ? 0 : lease.StartedAt + options.GraceSeconds + 1;
            LogLeave(await redisLock.LeaveAsync(lease, keepUntil));
        }

        switch (child)
        {
            case null:
                return Interrupted(signals);
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

    private void LogLeave(LeaveResult result)
    {
        switch (result)
        {
            case LeaveResult.KeptForGrace kept:
                log.Debug("lock {Key} kept {Seconds}s more for GRACE", options.LockKey, kept.Seconds);
                break;
            case LeaveResult.Deleted:
                log.Debug("lock {Key} released", options.LockKey);
                break;
            case LeaveResult.NotOurs:
                log.Warning("lock {Key} is no longer ours (another holder took it): left alone", options.LockKey);
                break;
            case LeaveResult.Failed failed:
                log.Error("{Error}; the lock expires by itself within CRONLOCK_RELEASE", failed.Error);
                break;
        }
    }

    private RunOutcome Interrupted(SignalRelay signals)
    {
        log.Warning("stopped by SIG{Signal} before the job started: nothing was run", signals.StoppedBy);
        return new RunOutcome.Interrupted(signals.StoppedBySignal);
    }
}
