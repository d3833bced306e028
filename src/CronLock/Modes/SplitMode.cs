using CronLock.Core.Locking;
using CronLock.Running;

namespace CronLock.Modes;

/// <summary>Split mode: --acquire takes the lock and prints its token; --unlock gives it back with that token.</summary>
internal sealed class SplitMode(ModeContext context)
{
    public async Task<RunOutcome> AcquireAsync(IDistributedLock redisLock, Holder holder, SignalRelay signals)
    {
        var result = await new LockTaker(context).TakeAsync(redisLock, signals.Stopping);
        if (result is not AcquireResult.Acquired acquired)
        {
            return NotTaken.Outcome(result, context.Log, signals);
        }

        // Without the token nobody can --unlock: give the lock back rather than leave it to expire.
        if (await StdoutLine.WriteAsync(context.Output, holder.Id, "the holder token (--acquire)", context.Redactor) is { } error)
        {
            return new RunOutcome.Failed(await redisLock.ReleaseAsync() is LeaveResult.Ended
                ? $"{error}; gave the lock back"
                : $"{error}; could not give the lock back: it expires by itself within CRONLOCK_RELEASE");
        }

        context.Log.Debug("lock {Key} taken until unlocked or {Seconds}s pass", context.Options.LockKey, acquired.Lease.ExpiresAt - acquired.Lease.StartedAt - 1);
        return new RunOutcome.LockTaken();
    }

    public async Task<RunOutcome> UnlockAsync(IDistributedLock redisLock)
    {
        switch (await redisLock.ReleaseAsync())
        {
            case LeaveResult.Failed failed:
                return new RunOutcome.Failed(failed.Error);
            case LeaveResult.NotOurs:
                context.Log.Error("lock {Key} is not held by that token (wrong token, or the lock expired): left alone", context.Options.LockKey);
                return new RunOutcome.WrongToken();
            default:
                return new RunOutcome.Unlocked();
        }
    }
}
