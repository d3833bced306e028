using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holder, KEYS[3] = fence, KEYS[4] = the job's pause, KEYS[5] = the
/// global pause (--pause --all), only where it may share the script (not on a Cluster: other slot).
/// ARGV[1] = seconds the key lives (RELEASE, or LEASE when renewing), ARGV[2] = holder id,
/// ARGV[3] = host, ARGV[4] = pid, ARGV[5] = command line, ARGV[6] = reason ("" for none).
/// Takes a free lock (golock's SET key value EX ttl), or takes over a stale one (its time has
/// passed: a key without TTL, as old cronlock versions leave). The fencing token increases
/// with every successful take, in the same step.
/// Returns {status, server now, expiry, token}: status 1 acquired, 2 taken over,
/// 0 held elsewhere (expiry = the holder's, -1 when the value is not a time: never touched),
/// 3 paused (expiry = the pause's end, -1 until resumed; then the pause hash, and 0 for the job's
/// pause or 1 for the global one). A pause wins over everything: nothing is written.
/// </summary>
internal static class AcquireScript
{
    public static readonly LockScript Script = new(
        "acquire",
        LockScripts.Prelude + """
        local now = tonumber(redis.call('TIME')[1])
        local ttl = tonumber(ARGV[1])
        local paused, global = redis.call('HGETALL', KEYS[4]), 0
        if #paused == 0 and KEYS[5] then
          paused, global = redis.call('HGETALL', KEYS[5]), 1
        end
        if #paused > 0 then
          local ends = 0
          for i = 1, #paused, 2 do
            if paused[i] == 'until' then ends = tonumber(paused[i + 1]) or 0 end
          end
          return {3, now, ends > 0 and ends or -1, 0, paused, global}
        end
        local current = redis.call('GET', KEYS[1])
        local status = 1
        if current then
          local held = tonumber(current)
          if held == nil or held >= now then
            return {0, now, held or -1, 0}
          end
          status = 2
        end
        local expires = now + ttl + 1
        redis.call('SET', KEYS[1], expires, 'EX', ttl)
        local token = redis.call('INCR', KEYS[3])
        redis.call('DEL', KEYS[2])
        redis.call('HSET', KEYS[2], 'id', ARGV[2], 'host', ARGV[3], 'pid', ARGV[4], 'started', now,
          'command', ARGV[5], 'token', token, 'expires', expires, 'reason', ARGV[6])
        redis.call('EXPIREAT', KEYS[2], expires)
        return {status, now, expires, token}
        """,
        "e71d46c11a59677e19f6de007e97d0166696da1b");

    /// <summary>The reply {status, server now, expiry, token} as the answer to "may this run go ahead?".</summary>
    public static AcquireResult Read(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        var (status, now, expiry, token) = ((long)reply[0], (long)reply[1], (long)reply[2], (long)reply[3]);
        return status switch
        {
            0 => new AcquireResult.HeldElsewhere(expiry < 0 ? null : expiry, now, NotATime: expiry < 0),
            3 => new AcquireResult.Paused(PauseRecord.Read(StatusReply.Fields(reply[4]), global: (long)reply[5] == 1)!),
            _ => new AcquireResult.Acquired(new LockLease(now, expiry, token), TookOverStale: status == 2),
        };
    }

    /// <param name="Keys">The lock and its companions.</param>
    /// <param name="TtlSeconds">How long the key lives: RELEASE, or LEASE when it is renewed.</param>
    /// <param name="Holder">Who takes the lock, recorded beside it in the holder hash.</param>
    /// <param name="GlobalPause">The global pause key, when it may ride in the script (not on a Cluster).</param>
    public sealed record Arguments(LockKeys Keys, int TtlSeconds, Holder Holder, string? GlobalPause = null) : IScriptArguments
    {
        public LockScript Script => AcquireScript.Script;

        public RedisKey[] ToKeys() => GlobalPause is null
            ? [Keys.Lock, Keys.Holder, Keys.Fence, Keys.Paused]
            : [Keys.Lock, Keys.Holder, Keys.Fence, Keys.Paused, GlobalPause];

        public RedisValue[] ToArgv() => [TtlSeconds, Holder.Id, Holder.Host, Holder.Pid, Holder.CommandLine, Holder.Reason];
    }
}
