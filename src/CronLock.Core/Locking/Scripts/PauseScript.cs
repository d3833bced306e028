using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// KEYS[1] = a pause key (a job's, or the global one). ARGV[1] = seconds the pause lasts (0 = until
/// --resume), ARGV[2] = host, ARGV[3] = user, ARGV[4] = reason ("" for none).
/// Writes the pause record, replacing any earlier one, and makes it expire at since + seconds by
/// the server's clock, so every host agrees when it ends. Returns {server now, until (0 = never)}.
/// </summary>
internal static class PauseScript
{
    public static readonly LockScript Script = new(
        "pause",
        LockScripts.Prelude + """
        local now = tonumber(redis.call('TIME')[1])
        local seconds = tonumber(ARGV[1])
        local ends = 0
        if seconds > 0 then ends = now + seconds end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'host', ARGV[2], 'user', ARGV[3], 'since', now, 'until', ends, 'reason', ARGV[4])
        if ends > 0 then redis.call('EXPIREAT', KEYS[1], ends) end
        return {now, ends}
        """,
        "7ac00da3b99551d3f0c52b5abdb02223f6b0661e");

    /// <summary>The reply {server now, until}: the pause as written.</summary>
    public static PauseRecord Read(RedisResult result, Arguments arguments)
    {
        var reply = (RedisResult[])result!;
        var until = (long)reply[1];
        return new PauseRecord(arguments.Host, arguments.User, (long)reply[0], until > 0 ? until : null, arguments.Reason, arguments.Global);
    }

    /// <param name="Key">The pause key.</param>
    /// <param name="Seconds">How long; 0 = until --resume.</param>
    /// <param name="Host">Who paused: this host.</param>
    /// <param name="User">Who paused: this user ("" when unknown).</param>
    /// <param name="Reason">Why (--reason); "" for none.</param>
    /// <param name="Global">The key is the global pause (--all): carried into the record read back.</param>
    public sealed record Arguments(string Key, int Seconds, string Host, string User, string Reason, bool Global) : IScriptArguments
    {
        public LockScript Script => PauseScript.Script;

        public RedisKey[] ToKeys() => [Key];

        public RedisValue[] ToArgv() => [Seconds, Host, User, Reason];
    }
}
