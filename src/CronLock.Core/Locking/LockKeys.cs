using System.Globalization;
using System.Text;

namespace CronLock.Core.Locking;

/// <summary>
/// The lock key and its companions, always in the lock key's cluster slot so every script is
/// single-slot. A key without a hash tag hashes whole, so its companions wrap it whole in one:
/// <c>{cronlock.abc}:holder</c>. A key that has its own hash tag (<c>cronlock.{nightly}</c>)
/// hashes by that tag, and so does the key with a suffix: <c>cronlock.{nightly}:holder</c>.
/// A key with a '}' but no hash tag (<c>cronlock.a}b</c>, <c>cronlock.{}x</c>) cannot be wrapped
/// whole, since its own '}' would end the tag early: its companions open a tag in front and end it
/// at the key's first '}', after a counter chosen so that tag hashes to the key's slot:
/// <c>{cronlock.a~23408}b:holder</c>. golock and bash cronlock see only the lock key.
/// </summary>
internal sealed record LockKeys(string Lock)
{
    private static readonly string[] Suffixes = [":holder", ":fence", ":last", ":history", ":slot", ":paused", ":holders"];

    /// <summary>Counters of up to six digits: enough for every slot (see <see cref="SlotCounter"/>).</summary>
    internal const int CounterLimit = 1_000_000;

    /// <summary>Get-only, so a <c>with</c> cannot change the key without its companions.</summary>
    public string Lock { get; } = Lock;

    /// <summary>What every companion's name starts with: the lock key with a hash tag in its slot.</summary>
    private readonly string _stem = Stem(Lock);

    /// <summary>Who holds the lock: id, host, pid, start, command, fencing token, expiry.</summary>
    public string Holder => $"{_stem}:holder";

    /// <summary>The fencing counter: never expires, so tokens keep increasing across holders.</summary>
    public string Fence => $"{_stem}:fence";

    /// <summary>The last finished run: host, start, end, exit code, duration.</summary>
    public string LastRun => $"{_stem}:last";

    /// <summary>The finished runs, newest first, capped at CRONLOCK_HISTORY entries (a list of JSON records).</summary>
    public string History => $"{_stem}:history";

    /// <summary>
    /// The last schedule slot run (CRONLOCK_PERIOD / CRONLOCK_SCHEDULE): slot, host, pid, start,
    /// token, and the last slot skipped as an overrun. Written only by runs with a slot rule.
    /// </summary>
    public string Slot => $"{_stem}:slot";

    /// <summary>The job's pause (--pause): who, since, until, why; expires by itself when paused --for a time.</summary>
    public string Paused => $"{_stem}:paused";

    /// <summary>
    /// The pause of everything under <paramref name="prefix"/> (--pause --all): the pause companion of
    /// the prefix itself, which is never a lock key (a lock key is the prefix and a non-empty name).
    /// Outside the prefix's SCAN pattern, so --list does not take it for a lock; "{}:paused" with no prefix.
    /// </summary>
    public static string GlobalPause(string prefix) => new LockKeys(prefix).Paused;

    /// <summary>
    /// The lock key whose pause companion <paramref name="key"/> is (for --list, which finds paused
    /// jobs by their pause key); null when it is none. Each stem form is undone, then checked by
    /// building the companion again.
    /// </summary>
    public static string? LockOfPause(string key)
    {
        if (!key.EndsWith(":paused", StringComparison.Ordinal))
        {
            return null;
        }

        var stem = key[..^":paused".Length];
        var close = stem.IndexOf('}', StringComparison.Ordinal);
        var tilde = close < 0 ? -1 : stem.LastIndexOf('~', close);
        // The wrapped forms first: "{k}" is also the stem of the key "{k}" itself (its own tag), but
        // a lock key under a prefix starts with the prefix, not with '{'.
        string?[] candidates =
        [
            stem.Length > 2 && stem[0] == '{' && stem[^1] == '}' ? stem[1..^1] : null,
            stem.Length > 0 && stem[0] == '{' && tilde > 0 ? stem[1..tilde] + stem[close..] : null,
            stem,
        ];
        return candidates.FirstOrDefault(c => c is { Length: > 0 } && new LockKeys(c).Paused == key);
    }

    /// <summary>
    /// The holders of a lock taken with a limit (CRONLOCK_LIMIT above 1): a hash of holder id to that
    /// holder's record (JSON: the <see cref="HolderFields"/> and its limit), expiring with the lock.
    /// </summary>
    public string Holders => $"{_stem}:holders";

    /// <summary>True for a companion key, which a listing of locks skips.</summary>
    public static bool IsCompanion(string key)
    {
        var suffix = Suffixes.FirstOrDefault(s => key.EndsWith(s, StringComparison.Ordinal));
        if (suffix is null)
        {
            return false;
        }

        // Each stem has a hash tag: the key's own, the whole key, or the counted one.
        var owner = key[..^suffix.Length];
        return ClusterSlot.HashTag(owner) is not null || (owner.Length > 2 && owner[0] == '{' && owner[^1] == '}');
    }

    private static string Stem(string key)
    {
        if (ClusterSlot.HashTag(key) is not null)
        {
            return key;
        }

        var close = key.IndexOf('}', StringComparison.Ordinal);
        return close < 0 ? $"{{{key}}}" : $"{{{key[..close]}~{SlotCounter(key[..close], ClusterSlot.Of(key))}{key[close..]}";
    }

    /// <summary>
    /// The smallest N for which the tag <c>head~N</c> hashes to <paramref name="slot"/>. Part of the
    /// stored key names: changing this rule would orphan every such lock's companions. One exists
    /// below <see cref="CounterLimit"/> whatever the head: the CRC after any head is the CRC of the
    /// digits alone XOR a constant, and the six-digit counters alone take all 65536 CRC values.
    /// </summary>
    private static int SlotCounter(string head, int slot)
    {
        var crc = ClusterSlot.Crc16(0, Encoding.UTF8.GetBytes(head + "~"));
        Span<byte> digits = stackalloc byte[11];
        for (var n = 0; n < CounterLimit; n++)
        {
            n.TryFormat(digits, out var length, provider: CultureInfo.InvariantCulture);
            if (ClusterSlot.Slot(ClusterSlot.Crc16(crc, digits[..length])) == slot)
            {
                return n;
            }
        }

        throw new InvalidOperationException($"no counter below {CounterLimit} puts a tag after '{head}' in slot {slot}");
    }
}
