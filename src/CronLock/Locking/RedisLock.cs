using System.Globalization;
using CronLock.Logging;
using StackExchange.Redis;

namespace CronLock.Locking;

/// <summary>Acquire, take over a stale key, leave after the run, reset: each one atomic.</summary>
internal sealed class RedisLock(IDatabase database, string key, SecretRedactor redactor)
{
    public async Task<AcquireResult> TryAcquireAsync(int releaseSeconds)
    {
        try
        {
            var reply = (RedisResult[])(await EvaluateAsync(LockScripts.Acquire, releaseSeconds))!;
            var status = (long)reply[0];
            var now = (long)reply[1];
            var expiry = (long)reply[2];
            return status switch
            {
                0 => new AcquireResult.HeldElsewhere(expiry < 0 ? null : expiry, now),
                _ => new AcquireResult.Acquired(new LockLease(key, now, expiry), TookOverStale: status == 2),
            };
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new AcquireResult.Failed($"cannot take the lock {key}: {redactor.FirstLine(e.Message)}");
        }
    }

    /// <summary>Keeps the lock until <paramref name="keepUntil"/> (0: give it back now), if it is still ours.</summary>
    public async Task<LeaveResult> LeaveAsync(LockLease lease, long keepUntil)
    {
        try
        {
            var kept = (long)await EvaluateAsync(LockScripts.Leave, lease.ExpiresAt, keepUntil);
            return kept switch
            {
                < 0 => new LeaveResult.NotOurs(),
                0 => new LeaveResult.Deleted(),
                _ => new LeaveResult.KeptForGrace(kept),
            };
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new LeaveResult.Failed($"cannot leave the lock {key}: {redactor.FirstLine(e.Message)}");
        }
    }

    /// <returns>Null when done, else the error.</returns>
    public async Task<string?> ResetAsync()
    {
        try
        {
            await database.KeyDeleteAsync(key);
            return null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return $"cannot delete the lock {key}: {redactor.FirstLine(e.Message)}";
        }
    }

    /// <summary>EVALSHA first (one command); EVAL only when the server has not seen the script yet.</summary>
    private async Task<RedisResult> EvaluateAsync(LockScript script, params long[] arguments)
    {
        RedisKey[] keys = [key];
        var values = Array.ConvertAll(arguments, a => (RedisValue)a.ToString(CultureInfo.InvariantCulture));
        try
        {
            return await database.ScriptEvaluateAsync(script.Sha1, keys, values);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(script.Text, keys, values);
        }
    }

}
