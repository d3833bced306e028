using StackExchange.Redis;

namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// One call of a lock script: its KEYS and ARGV built from named values in the order the script
/// reads them, so a call site never counts positions (ARGV[2] is the holder id in one script, LEASE
/// or GRACE in others).
/// </summary>
internal interface IScriptArguments
{
    LockScript Script { get; }

    /// <summary>The script's KEYS, KEYS[1] first.</summary>
    RedisKey[] ToKeys();

    /// <summary>The script's ARGV, ARGV[1] first, without the database the evaluation appends.</summary>
    RedisValue[] ToArgv();
}
