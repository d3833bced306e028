using System.Globalization;
using CronLock.Core.Locking.Scripts;
using StackExchange.Redis;

namespace CronLock.Core.Locking;

/// <summary>
/// One read of a lock and its companions (the <c>status</c> script), and the one rule that says
/// whether a CronLock holder holds it: the holder record's expiry is the lock key's value.
/// </summary>
internal sealed record StatusReply(
    long ServerNow,
    string? Value,
    long TtlSeconds,
    IReadOnlyDictionary<string, string> Holder,
    IReadOnlyDictionary<string, string> LastRun,
    long? Fence,
    string? NotALockType,
    IReadOnlyDictionary<string, string>? Slot = null)
{
    /// <summary>The key is a string or absent; anything else (a hash, a list: <see cref="NotALockType"/>) is not a lock.</summary>
    public bool IsLock => NotALockType is null;

    /// <summary>A CronLock holder holds the lock; false when it is free or a foreign tool's value.</summary>
    public bool HeldByRecordedHolder => Value is not null && Holder.TryGetValue(HolderFields.Expires, out var written) && written == Value;

    public static async Task<StatusReply> ReadAsync(IDatabase database, LockKeys keys)
    {
        var reply = (RedisResult[])(await database.EvaluateAsync(new StatusScript.Arguments(keys)))!;
        return new StatusReply(
            (long)reply[0],
            (string?)reply[1] is { Length: > 0 } value ? value : null,
            (long)reply[2],
            Fields(reply[3]),
            Fields(reply[4]),
            long.TryParse((string?)reply[5], NumberStyles.None, CultureInfo.InvariantCulture, out var fence) ? fence : null,
            (string?)reply[6] is { Length: > 0 } type ? type : null,
            Fields(reply[7]));
    }

    /// <summary>An HGETALL answer as a dictionary.</summary>
    internal static Dictionary<string, string> Fields(HashEntry[] entries) =>
        entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);

    /// <summary>A flat HGETALL reply as a dictionary.</summary>
    internal static Dictionary<string, string> Fields(RedisResult flat)
    {
        var items = (RedisResult[])flat!;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            fields[(string)items[i]!] = (string?)items[i + 1] ?? "";
        }

        return fields;
    }
}
