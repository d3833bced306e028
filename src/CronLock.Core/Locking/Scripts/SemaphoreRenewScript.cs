using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holders; ARGV[1] = holder id, ARGV[2] = LEASE, ARGV[3] = RELEASE.
/// Extends this holder's place to now + LEASE + 1, never past its start + RELEASE + 1, and the lock
/// key to the latest place. Returns as <see cref="RenewScript"/>: -1 not ours any more (the place
/// expired, or a reset or a plain run orphaned the records), 0 RELEASE reached, else the seconds
/// the place now lasts.
/// </summary>
internal static class SemaphoreRenewScript
{
    public static readonly LockScript Script = new(
        "semaphore-renew",
        SemaphoreLua.Helpers + """
        local now = tonumber(redis.call('TIME')[1])
        local live, stale, ours = records(now)
        local mine = live[ARGV[1]]
        if not ours or not mine then
          return -1
        end
        local deadline = tonumber(mine.started) + tonumber(ARGV[3]) + 1
        local expires = math.min(now + tonumber(ARGV[2]) + 1, deadline)
        if expires <= now then
          return 0
        end
        mine.expires = tostring(expires)
        redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(mine))
        prune(stale)
        settle(live, now)
        return expires - now
        """,
        "614e9990c3497f657639a09d978eaa3f7d740fc5");

    /// <param name="Keys">The lock and its companions.</param>
    /// <param name="HolderId">This run's id: only its own place is extended.</param>
    /// <param name="LeaseSeconds">How long from now the place is extended (LEASE).</param>
    /// <param name="ReleaseSeconds">The place's maximum life from its start (RELEASE), never renewed past.</param>
    public sealed record Arguments(LockKeys Keys, string HolderId, int LeaseSeconds, int ReleaseSeconds) : IScriptArguments
    {
        public LockScript Script => SemaphoreRenewScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holders];

        public RedisValue[] ToArgv() => [HolderId, LeaseSeconds, ReleaseSeconds];
    }
}
