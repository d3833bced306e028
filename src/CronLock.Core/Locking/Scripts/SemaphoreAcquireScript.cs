using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holders, KEYS[3] = fence, KEYS[4] = holder (a plain run's record).
/// ARGV[1] = seconds the holder lives (RELEASE, or LEASE when renewing), ARGV[2] = holder id,
/// ARGV[3] = host, ARGV[4] = pid, ARGV[5] = command line, ARGV[6] = reason, ARGV[7] = the limit.
/// Drops the records whose time has passed, then takes one of the limit's places when fewer than
/// that many holders count (see <see cref="SemaphoreLua"/>). A lock key that the records do not
/// explain (a plain run's, golock's, or a word) takes every place while it holds, and is taken
/// over once its time has passed, as <see cref="AcquireScript"/> does. Each take increments the
/// shared fencing counter. Each run compares the count with its own limit: hosts given different
/// limits each stop at theirs.
/// Returns {status, server now, expiry, token} as <see cref="AcquireScript"/>: status 1 acquired,
/// 2 taken over, 0 held (expiry = when the first place frees, -1 when the value is not a time).
/// </summary>
internal static class SemaphoreAcquireScript
{
    public static readonly LockScript Script = new(
        "semaphore-acquire",
        SemaphoreLua.Helpers + """
        local now = tonumber(redis.call('TIME')[1])
        local ttl = tonumber(ARGV[1])
        local live, stale, ours, count, soonest, current = records(now)
        local status = 1
        if ours then
          if count >= tonumber(ARGV[7]) then
            return {0, now, soonest, 0}
          end
          prune(stale)
        else
          if current then
            local held = tonumber(current)
            if held == nil or held >= now then
              return {0, now, held or -1, 0}
            end
            status = 2
          end
          live = {}
          redis.call('DEL', KEYS[2], KEYS[4])
        end
        local expires = now + ttl + 1
        local token = redis.call('INCR', KEYS[3])
        local record = {id = ARGV[2], host = ARGV[3], pid = ARGV[4], started = tostring(now), command = ARGV[5],
          token = tostring(token), expires = tostring(expires), reason = ARGV[6], limit = ARGV[7]}
        redis.call('HSET', KEYS[2], ARGV[2], cjson.encode(record))
        live[ARGV[2]] = record
        settle(live, now)
        return {status, now, expires, token}
        """,
        "6ecc68c6e7bd4b1925b613594d0f9399993d02b6");

    /// <param name="Keys">The lock and its companions.</param>
    /// <param name="TtlSeconds">How long this holder's place lasts: RELEASE, or LEASE when it is renewed.</param>
    /// <param name="Holder">Who takes the place, recorded in the holders hash.</param>
    /// <param name="Limit">At most this many holders at once (CRONLOCK_LIMIT).</param>
    public sealed record Arguments(LockKeys Keys, int TtlSeconds, Holder Holder, int Limit) : IScriptArguments
    {
        public LockScript Script => SemaphoreAcquireScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holders, Keys.Fence, Keys.Holder];

        public RedisValue[] ToArgv() =>
            [TtlSeconds, Holder.Id, Holder.Host, Holder.Pid, Holder.CommandLine, Holder.Reason, Limit];
    }
}
