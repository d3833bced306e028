namespace CronLock.Locking;

/// <summary>
/// The lock key and its companions. A companion's name starts with a hash tag equal to the whole
/// lock key, <c>{lock}:holder</c>, so Redis Cluster puts it in the lock key's own slot (a key
/// without braces hashes whole). golock and bash cronlock see only the lock key.
/// </summary>
internal sealed record LockKeys(string Lock)
{
    /// <summary>Who holds the lock: id, host, pid, start, command, fencing token, expiry.</summary>
    public string Holder => $"{{{Lock}}}:holder";

    /// <summary>The fencing counter: never expires, so tokens keep increasing across holders.</summary>
    public string Fence => $"{{{Lock}}}:fence";

    /// <summary>The last finished run: host, start, end, exit code, duration.</summary>
    public string LastRun => $"{{{Lock}}}:last";

    /// <summary>True for a companion key, which a listing of locks skips.</summary>
    public static bool IsCompanion(string key) => key.StartsWith('{') && key.Contains("}:", StringComparison.Ordinal);
}
