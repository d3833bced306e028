using CronLock.Core;
using CronLock.Core.Locking;
using CronLock.Core.Timing;

namespace CronLock.Modes;

/// <summary>
/// Takes the lock for a run or --acquire: waits up to CRONLOCK_WAIT for a held one, and gives
/// back a lock that CRONLOCK_MIN_REPLICAS refuses.
/// </summary>
internal sealed class LockTaker(ModeContext context)
{
    /// <summary>
    /// Jittered, growing polls: many waiting hosts neither spin nor wake in step. Each sleep is a
    /// few seconds at most, however long CRONLOCK_WAIT is: no timer overflows.
    /// </summary>
    public static RetryStrategy Polling(int waitSeconds) =>
        RetryStrategy.Exponential(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(waitSeconds));

    /// <returns>What the take came to; null when a signal stopped the waiting.</returns>
    public async Task<AcquireResult?> TakeAsync(IDistributedLock redisLock, CancellationToken stopping)
    {
        var options = context.Options;
        var ttl = options.LeaseSeconds > 0 ? options.LeaseSeconds : options.ReleaseSeconds;
        var polling = Polling(options.WaitSeconds);
        var started = context.Clock.GetTimestamp();
        var warnedNotATime = false;
        for (var retry = 1; ; retry++)
        {
            var result = await redisLock.TryAcquireAsync(ttl);
            switch (result)
            {
                case AcquireResult.Acquired acquired:
                    context.Log.Debug(acquired.TookOverStale ? "took over stale lock {Key}, fencing token {Token}" : "acquired lock {Key}, fencing token {Token}",
                        options.LockKey, acquired.Lease.FencingToken);
                    if (await ReplicaCheck.MissingAsync(redisLock, options.Redis, context.Redactor, context.Log) is { } missing)
                    {
                        await redisLock.GiveBackAsync();
                        return new AcquireResult.Failed(missing);
                    }

                    if (acquired.Slot is { } slot)
                    {
                        context.Log.Debug("running slot {Slot} ({Rule})", Time(slot), options.Slot?.Description);
                    }

                    return acquired;
                case AcquireResult.SlotAlreadyRan ran:
                    // Whether or not CRONLOCK_WAIT is set: waiting cannot make a slot that ran run again.
                    context.Log.Debug("slot {Slot} of lock {Key} already ran: {Host} pid {Pid} took it at {Started}; nothing to do",
                        Time(ran.Slot), options.LockKey, ran.RanBy.Host, ran.RanBy.Pid, Time(ran.RanBy.Started));
                    return ran;
                case AcquireResult.Overrun overrun:
                    // Without VERBOSE too: scripts and monitors alert on it (exit 205).
                    context.Log.Warning("overrun: slot {Slot} of lock {Key} is skipped: the run of an earlier slot, {Host} pid {Pid} started {Started}, still holds the lock",
                        Time(overrun.Slot), options.LockKey, overrun.Holder.Host, overrun.Holder.Pid, Time(overrun.Holder.Started));
                    return overrun;
                case AcquireResult.HeldElsewhere held:
                    if (held.NotATime && !warnedNotATime)
                    {
                        // Without VERBOSE too, and once: such a key blocks every run until someone deletes it.
                        warnedNotATime = true;
                        context.Log.Warning("lock {Key} holds a value that is not a lock's expiry time (no CronLock, golock or bash cronlock wrote it): "
                            + "left alone, it blocks this job until it expires, if it ever does; CRONLOCK_RESET=yes deletes it", options.LockKey);
                    }

                    if (retry == 1)
                    {
                        LogHeld(held);
                    }

                    if (polling.NextDelay(retry, context.Clock.GetElapsedTime(started), context.Random) is not { } delay)
                    {
                        if (options.WaitSeconds > 0)
                        {
                            context.Log.Debug("lock {Key} is still held elsewhere after waiting {Seconds}s: giving up", options.LockKey, options.WaitSeconds);
                        }

                        return held;
                    }

                    try
                    {
                        await LongDelay.DelayAsync(delay, context.Clock, stopping);
                    }
                    catch (OperationCanceledException)
                    {
                        return null;
                    }

                    break;
                default:
                    return result;
            }
        }
    }

    private static string Time(long unixSeconds) => Inspection.StatusText.Time(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    /// <summary>Once, at the first try: the polls of a wait repeat nothing new.</summary>
    private void LogHeld(AcquireResult.HeldElsewhere held)
    {
        var (key, wait) = (context.Options.LockKey, context.Options.WaitSeconds);
        var until = held.HeldUntil is { } at ? $" (expires in {at - held.ServerNow}s)" : "";
        if (context.Options.Limit > 1)
        {
            // Under a limit the expiry is when the first place frees, and "held" means all of them.
            until = $" by {context.Options.Limit} or more holders (CRONLOCK_LIMIT, or a plain holder takes every place)"
                + (held.HeldUntil is { } first ? $" (a place frees in {first - held.ServerNow}s at most)" : "");
        }

        if (wait > 0)
        {
            context.Log.Debug("lock {Key} is held elsewhere{Until}: waiting up to {Wait}s (CRONLOCK_WAIT) for it; "
                + "a holder whose job has finished still holds it for its GRACE", key, until, wait);
        }
        else
        {
            context.Log.Debug("lock {Key} is held elsewhere{Until}", key, until);
        }
    }
}
