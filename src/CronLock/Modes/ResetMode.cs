using CronLock.Core.Locking;

namespace CronLock.Modes;

/// <summary>CRONLOCK_RESET: delete the lock whoever holds it; nothing is run.</summary>
internal sealed class ResetMode(ModeContext context)
{
    public async Task<RunOutcome> RunAsync(IDistributedLock redisLock)
    {
        var key = context.Options.LockKey;
        switch (await redisLock.ResetAsync())
        {
            case ResetResult.NotALock notALock:
                return new RunOutcome.Failed($"CRONLOCK_RESET: {key} is not a lock (a {notALock.Type}): left it alone");
            case ResetResult.Failed failed:
                return new RunOutcome.Failed(failed.Error);
            case ResetResult.NothingToReset:
                context.Log.Debug("reset: no lock {Key}, nothing to reset", key);
                break;
            default:
                context.Log.Debug("reset: deleted {Key}", key);
                break;
        }

        return new RunOutcome.ResetDone();
    }
}
