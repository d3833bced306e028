using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holders, KEYS[3] = holder; no ARGV. As <see cref="ResetScript"/>, and
/// frees every place of a limit too. Returns 1 when a lock was deleted, 0 when there was none, else
/// the key's TYPE, the key left alone.
/// </summary>
internal static class SemaphoreResetScript
{
    public static readonly LockScript Script = new(
        "semaphore-reset",
        LockScripts.Prelude + """
        local current = redis.pcall('GET', KEYS[1])
        if type(current) == 'table' then
          return redis.pcall('TYPE', KEYS[1])['ok'] or 'non-string'
        end
        local deleted = redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
        if current or deleted > 0 then
          return 1
        end
        return 0
        """,
        "aff9df365caafa1c4f7e8ff63783a217bc9dd3d8");

    public sealed record Arguments(LockKeys Keys) : IScriptArguments
    {
        public LockScript Script => SemaphoreResetScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holders, Keys.Holder];

        public RedisValue[] ToArgv() => [];
    }
}
