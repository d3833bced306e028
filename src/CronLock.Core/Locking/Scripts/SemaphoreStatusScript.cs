using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holders; no ARGV. Read only. Returns {server now, records}: the JSON
/// records of the places that count (see <see cref="SemaphoreLua"/>), none when the lock key does
/// not hold their latest expiry. Read by <see cref="SemaphoreReply"/>.
/// </summary>
internal static class SemaphoreStatusScript
{
    public static readonly LockScript Script = new(
        "semaphore-status",
        SemaphoreLua.Helpers + """
        local now = tonumber(redis.call('TIME')[1])
        if type(redis.pcall('GET', KEYS[1])) == 'table' then
          return {now, {}}
        end
        local live, stale, ours = records(now)
        local found = {}
        if ours then
          for _, record in pairs(live) do
            table.insert(found, cjson.encode(record))
          end
        end
        return {now, found}
        """,
        "d7240900f8b07b3c7eea8e7800aa9097fe8a46ca");

    public sealed record Arguments(LockKeys Keys) : IScriptArguments
    {
        public LockScript Script => SemaphoreStatusScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holders];

        public RedisValue[] ToArgv() => [];
    }
}
