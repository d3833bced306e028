using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = lock, KEYS[2] = holder, KEYS[3] = last run, KEYS[4] = fence; no ARGV. Read only.
/// Returns {server now, lock value, lock TTL, holder fields, last-run fields, fence, type}
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
          redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3]), redis.call('GET', KEYS[4]) or '', kind}
        """,
        "00bf3a769909273550e51c747f21da49a45c53d3");

    public sealed record Arguments(LockKeys Keys) : IScriptArguments
    {
        public LockScript Script => StatusScript.Script;

        public RedisKey[] ToKeys() => [Keys.Lock, Keys.Holder, Keys.LastRun, Keys.Fence];

        public RedisValue[] ToArgv() => [];
    }
}
