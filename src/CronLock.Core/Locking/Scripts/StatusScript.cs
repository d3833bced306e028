using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holder, KEYS[3] = last run, KEYS[4] = fence, KEYS[5] = slot; no ARGV. Read only.
/// Returns {server now, lock value, lock TTL, holder fields, last-run fields, fence, type, slot fields}
/// (read by <see cref="StatusReply"/>); a missing value or fence is "" (Lua's false would reach
/// RESP2 and RESP3 clients differently). type is "" for a lock (a string, or no key), else the
/// key's TYPE (a hash, a list: not a lock): GET of a declared key fails only with WRONGTYPE, on
/// such a key. GET comes first so only such a key needs TYPE, which older least-privilege ACL
/// users lack: refused, the type reads "non-string" and the read still answers.
/// </summary>
internal static class StatusScript
{
    public static readonly LockScript Script = new(
        "status",
        LockScripts.Prelude + """
        local value = redis.pcall('GET', KEYS[1])
        local kind = ''
        if type(value) == 'table' then
          value, kind = false, redis.pcall('TYPE', KEYS[1])['ok'] or 'non-string'
        end
        return {tonumber(redis.call('TIME')[1]), value or '', redis.call('TTL', KEYS[1]),
          redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3]), redis.call('GET', KEYS[4]) or '', kind,
          redis.call('HGETALL', KEYS[5])}
        """,
        "4552a22b9fe2823bd5475d5b4c2116c6353afa83");

    public sealed record Arguments(LockKeys Keys) : IScriptArguments
    {
        public LockScript Script => StatusScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holder, Keys.LastRun, Keys.Fence, Keys.Slot];

        public RedisValue[] ToArgv() => [];
    }
}
