using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holder; no ARGV. Deletes both, whoever holds the lock
/// (CRONLOCK_RESET), unless the lock key is not a string (a hash, a list: not a lock, some
/// application's data). Returns "" when done, else the key's TYPE, the key left alone. GET first,
/// as in <see cref="StatusScript"/>.
/// </summary>
internal static class ResetScript
{
    public static readonly LockScript Script = new(
        "reset",
        LockScripts.Prelude + """
        if type(redis.pcall('GET', KEYS[1])) == 'table' then
          return redis.pcall('TYPE', KEYS[1])['ok'] or 'non-string'
        end
        redis.call('DEL', KEYS[1], KEYS[2])
        return ''
        """,
        "54e06bbaa2e1f1b8e10ab7c0afac792aa592d157");

    /// <summary>The reply: null when the lock was deleted, else the TYPE of the key left alone.</summary>
    public static string? Read(RedisResult result) => (string?)result is { Length: > 0 } type ? type : null;

    public sealed record Arguments(LockKeys Keys) : IScriptArguments
    {
        public LockScript Script => ResetScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holder];

        public RedisValue[] ToArgv() => [];
    }
}
