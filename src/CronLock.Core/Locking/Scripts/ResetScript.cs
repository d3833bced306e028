using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holder; no ARGV. Deletes both, whoever holds the lock
/// (CRONLOCK_RESET), unless the lock key is not a string (a hash, a list: not a lock, some
/// application's data). Returns 1 when a lock was deleted, 0 when there was none, else the key's
/// TYPE, the key left alone. GET first, as in <see cref="StatusScript"/>.
/// </summary>
internal static class ResetScript
{
    public static readonly LockScript Script = new(
        "reset",
        LockScripts.Prelude + """
        local current = redis.pcall('GET', KEYS[1])
        if type(current) == 'table' then
          return redis.pcall('TYPE', KEYS[1])['ok'] or 'non-string'
        end
        redis.call('DEL', KEYS[1], KEYS[2])
        if current then
          return 1
        end
        return 0
        """,
        "6b9f63945f06197acbfdd5c3c57c8ab3b35ee190");

    /// <summary>The reply: 1 deleted, 0 nothing there, else the TYPE of the key left alone.</summary>
    public static ResetResult Read(RedisResult result) => result.Resp2Type == ResultType.Integer
        ? (long)result == 1 ? new ResetResult.Deleted() : new ResetResult.NothingToReset()
        : new ResetResult.NotALock((string?)result ?? "non-string");

    public sealed record Arguments(LockKeys Keys) : IScriptArguments
    {
        public LockScript Script => ResetScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holder];

        public RedisValue[] ToArgv() => [];
    }
}
