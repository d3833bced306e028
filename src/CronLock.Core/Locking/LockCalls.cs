using CronLock.Core.Locking.Scripts;
using StackExchange.Redis;

namespace CronLock.Core.Locking;

/// <summary>
/// The calls a lock on one Redis makes whatever its scripts: <see cref="RedisLock"/> and
/// <see cref="SemaphoreLock"/> (CRONLOCK_LIMIT) differ in their scripts, not in how a script's
/// failure reads, how an unanswered acquire is given back, or where WAIT goes.
/// </summary>
internal static class LockCalls
{
    /// <summary>An owner-checked write (renew, leave), its failure as one line naming <paramref name="what"/>.</summary>
    public static async Task<LeaveResult> OwnedWriteAsync(IDatabase database, IScriptArguments arguments, string what, LockKeys keys, SecretRedactor redactor)
    {
        try
        {
            return OwnedWriteReply.Read(await database.EvaluateAsync(arguments));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new LeaveResult.Failed($"cannot {what} the lock {keys.Lock}: {RedisFailure.Describe(e, database.Multiplexer, redactor)}");
        }
    }

    /// <summary>A reset script (CRONLOCK_RESET), its failure as one line.</summary>
    public static async Task<ResetResult> ResetAsync(IDatabase database, IScriptArguments arguments, LockKeys keys, SecretRedactor redactor)
    {
        try
        {
            return ResetScript.Read(await database.EvaluateAsync(arguments));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new ResetResult.Failed($"cannot delete the lock {keys.Lock}: {redactor.FirstLine(e.Message)}");
        }
    }

    /// <summary>
    /// After an acquire whose answer never came: a timeout or a lost connection says nothing about
    /// whether Redis ran it. A stalled server runs it later, when this run has long given up, and
    /// the lock would then belong to a process that is gone until RELEASE. The owner-checked
    /// give-back (<paramref name="release"/>) goes on the same connection, so Redis runs it right
    /// after that acquire, whenever that is; as EVAL, so a server that has not cached the script
    /// cannot answer NOSCRIPT when no second try is possible. Waiting for it is bounded by the
    /// client's own timeout, and at least puts it on the wire before the process exits.
    /// </summary>
    public static async Task GiveBackUnansweredAcquireAsync(IDatabase database, IScriptArguments release)
    {
        try
        {
            await database.EvaluateTextAsync(release);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Redis is still silent, or the connection is gone (and with it the acquire it carried).
        }
    }

    /// <summary>WAIT on the lock key's master until <paramref name="replicas"/> replicas have our writes.</summary>
    /// <returns>How many replicas confirmed within the timeout.</returns>
    public static async Task<long> ReplicasConfirmingAsync(IDatabase database, LockKeys keys, int replicas, TimeSpan timeout)
    {
        // WAIT counts this connection's writes, so it must go to the node that took the lock.
        var server = database.Multiplexer.GetServer(database.IdentifyEndpoint(keys.Lock)!);
        return (long)await server.ExecuteAsync("WAIT", replicas, (long)timeout.TotalMilliseconds);
    }
}
