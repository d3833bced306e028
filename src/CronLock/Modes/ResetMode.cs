using CronLock.Core.Locking;

namespace CronLock.Modes;

/// <summary>CRONLOCK_RESET: delete the lock whoever holds it; nothing is run.</summary>
internal sealed class ResetMode(ModeContext context)
{
    public async Task<RunOutcome> RunAsync(IDistributedLock redisLock)
    {
        if (await redisLock.ResetAsync() is { } error)
        {
            return new RunOutcome.Failed(error);
        }

        context.Log.Debug("reset: deleted {Key}", context.Options.LockKey);
        return new RunOutcome.ResetDone();
    }
}
