using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holder, KEYS[3] = fence.
/// ARGV[1] = seconds the key lives (RELEASE, or LEASE when renewing), ARGV[2] = holder id,
/// ARGV[3] = host, ARGV[4] = pid, ARGV[5] = command line, ARGV[6] = reason ("" for none).
/// Takes a free lock (golock's SET key value EX ttl), or takes over a stale one (its time has
/// passed: a key without TTL, as old cronlock versions leave). The fencing token increases
/// with every successful take, in the same step.
/// Returns {status, server now, expiry, token}: status 1 acquired, 2 taken over,
/// 0 held elsewhere (expiry = the holder's, -1 when the value is not a time: never touched).
/// </summary>
internal static class AcquireScript
{
    public static readonly LockScript Script = new(
        "acquire",
        LockScripts.Prelude + """
        local now = tonumber(redis.call('TIME')[1])
        local ttl = tonumber(ARGV[1])
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
        "9d94b6afbec662cbf2652d4008f11d1ca206f184");

    /// <summary>The reply {status, server now, expiry, token} as the answer to "may this run go ahead?".</summary>
    public static AcquireResult Read(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        var (status, now, expiry, token) = ((long)reply[0], (long)reply[1], (long)reply[2], (long)reply[3]);
        return status == 0
            ? new AcquireResult.HeldElsewhere(expiry < 0 ? null : expiry, now, NotATime: expiry < 0)
            : new AcquireResult.Acquired(new LockLease(now, expiry, token), TookOverStale: status == 2);
    }

    /// <param name="Keys">The lock and its companions.</param>
    /// <param name="TtlSeconds">How long the key lives: RELEASE, or LEASE when it is renewed.</param>
    /// <param name="Holder">Who takes the lock, recorded beside it in the holder hash.</param>
    public sealed record Arguments(LockKeys Keys, int TtlSeconds, Holder Holder) : IScriptArguments
    {
        public LockScript Script => AcquireScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holder, Keys.Fence];

        public RedisValue[] ToArgv() => [TtlSeconds, Holder.Id, Holder.Host, Holder.Pid, Holder.CommandLine, Holder.Reason];
    }
}
