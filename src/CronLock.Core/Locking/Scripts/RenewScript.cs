using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holder; ARGV[1] = holder id, ARGV[2] = LEASE, ARGV[3] = RELEASE.
/// Extends an owned lock to now + LEASE + 1, never past start + RELEASE + 1.
/// Returns -1 not ours any more, 0 RELEASE reached, else the seconds the lock now lasts
/// (see <see cref="OwnedWriteReply"/>).
/// </summary>
internal static class RenewScript
{
    public static readonly LockScript Script = new(
        "renew",
        LockScripts.Owned + """
        if not owned() then
          return -1
        end
        local now = tonumber(redis.call('TIME')[1])
        local deadline = tonumber(redis.call('HGET', KEYS[2], 'started')) + tonumber(ARGV[3]) + 1
        local expires = math.min(now + tonumber(ARGV[2]) + 1, deadline)
        if expires <= now then
          return 0
        end
        redis.call('SET', KEYS[1], expires)
        redis.call('EXPIREAT', KEYS[1], expires)
        redis.call('HSET', KEYS[2], 'expires', expires)
        redis.call('EXPIREAT', KEYS[2], expires)
        return expires - now
        """,
        "c031737d5ff7550d91cec147a075237faf4782b8");

    /// <param name="Keys">The lock and its companions.</param>
    /// <param name="HolderId">This run's id: the script acts only while the lock is still this holder's.</param>
    /// <param name="LeaseSeconds">How long from now the lock is extended (LEASE).</param>
    /// <param name="ReleaseSeconds">The lock's maximum life from its start (RELEASE), never renewed past.</param>
    public sealed record Arguments(LockKeys Keys, string HolderId, int LeaseSeconds, int ReleaseSeconds) : IScriptArguments
    {
        public LockScript Script => RenewScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holder];

        public RedisValue[] ToArgv() => [HolderId, LeaseSeconds, ReleaseSeconds];
    }
}
