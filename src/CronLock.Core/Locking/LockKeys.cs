namespace CronLock.Locking;

/// <summary>
/// The lock key and its companions, always in the lock key's cluster slot so every script is
/// single-slot. A key without a hash tag hashes whole, so its companions wrap it whole in one:
/// <c>{cronlock.abc}:holder</c>. A key that has its own hash tag (<c>cronlock.{nightly}</c>)
/// hashes by that tag, and so does the key with a suffix: <c>cronlock.{nightly}:holder</c>.
/// golock and bash cronlock see only the lock key.
/// </summary>
internal sealed record LockKeys(string Lock)
{
    private static readonly string[] Suffixes = [":holder", ":fence", ":last"];

    /// <summary>Who holds the lock: id, host, pid, start, command, fencing token, expiry.</summary>
    public string Holder => Companion("holder");

    /// <summary>The fencing counter: never expires, so tokens keep increasing across holders.</summary>
    public string Fence => Companion("fence");

    /// <summary>The last finished run: host, start, end, exit code, duration.</summary>
    public string LastRun => Companion("last");

    /// <summary>True for a companion key, which a listing of locks skips.</summary>
    public static bool IsCompanion(string key)
    {
        var suffix = Suffixes.FirstOrDefault(s => key.EndsWith(s, StringComparison.Ordinal));
        if (suffix is null)
        {
            return false;
        }

        var owner = key[..^suffix.Length];
        return HasHashTag(owner) || (owner.Length > 2 && owner[0] == '{' && owner[^1] == '}');
    }

    private string Companion(string name) => HasHashTag(Lock) ? $"{Lock}:{name}" : $"{{{Lock}}}:{name}";

    /// <summary>Redis Cluster's rule: the part between the first '{' and the next '}', if not empty.</summary>
    private static bool HasHashTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        return open >= 0 && key.IndexOf('}', open + 1) > open + 1;
    }
}
