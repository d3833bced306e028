using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// A lock key and its companion keys as Redis holds them at one instant (read in one MULTI). The companions' names
/// are spelled out here from the documented layout — <c>{lock}:holder</c>, <c>{lock}:fence</c>, <c>{lock}:last</c> —
/// not taken from the code under test.
/// </summary>
internal sealed record LockState(
    string LockKey,
    string? Value,
    TimeSpan? Ttl,
    IReadOnlyDictionary<string, string> Holder,
    IReadOnlyDictionary<string, string> LastRun,
    long? Fence)
{
    public static string HolderKey(string lockKey) => Companion(lockKey, "holder");

    public static string FenceKey(string lockKey) => Companion(lockKey, "fence");

    /// <summary>
    /// Beside the lock in its cluster slot: a key with its own hash tag keeps it ("K:holder"),
    /// any other key is wrapped whole in one ("{K}:holder").
    /// </summary>
    private static string Companion(string lockKey, string name)
    {
        var open = lockKey.IndexOf('{');
        var hasTag = open >= 0 && lockKey.IndexOf('}', open + 1) > open + 1;
        return hasTag ? $"{lockKey}:{name}" : $"{{{lockKey}}}:{name}";
    }

    public static string LastRunKey(string lockKey) => Companion(lockKey, "last");

    /// <summary>The stored expiry as a unix second, when the value is one.</summary>
    public long? ExpirySecond => long.TryParse(Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    public static async Task<LockState> ReadAsync(IDatabase db, string lockKey)
    {
        var transaction = db.CreateTransaction();
        var value = transaction.StringGetAsync(lockKey);
        var ttl = transaction.KeyTimeToLiveAsync(lockKey);
        var holder = transaction.HashGetAllAsync(HolderKey(lockKey));
        var last = transaction.HashGetAllAsync(LastRunKey(lockKey));
        var fence = transaction.StringGetAsync(FenceKey(lockKey));
        Assert.True(await transaction.ExecuteAsync(), "The MULTI reading the lock was not executed.");
        return new LockState(
            lockKey,
            (string?)await value,
            await ttl,
            ToDictionary(await holder),
            ToDictionary(await last),
            long.TryParse((string?)await fence, NumberStyles.None, CultureInfo.InvariantCulture, out var f) ? f : null);
    }

    /// <summary>
    /// Nothing was written since <paramref name="before"/>: same value, holder record, last run and fencing counter, and a
    /// TTL that only ran down (a write would have set a new one).
    /// </summary>
    public void AssertUnchangedSince(LockState before, TimeSpan elapsed, string because)
    {
        var message = $"{because}\n  before: {before}\n  after:  {this}";
        Assert.True(Value == before.Value, message);
        Assert.True(Describe(Holder) == Describe(before.Holder), message);
        Assert.True(Describe(LastRun) == Describe(before.LastRun), message);
        Assert.True(Fence == before.Fence, message);
        if (before.Ttl is { } earlier)
        {
            Assert.True(Ttl is { } later && later <= earlier + TimeSpan.FromMilliseconds(50) && later >= earlier - elapsed - TimeSpan.FromSeconds(1), message);
        }
        else
        {
            Assert.True(Ttl is null, message);
        }
    }

    public override string ToString() =>
        $"{LockKey} = {Value ?? "(absent)"} ttl {(Ttl is { } t ? $"{t.TotalMilliseconds:0} ms" : "none")}; " +
        $"holder {{{Describe(Holder)}}}; last {{{Describe(LastRun)}}}; fence {Fence?.ToString(CultureInfo.InvariantCulture) ?? "(absent)"}";

    private static string Describe(IReadOnlyDictionary<string, string> fields) =>
        string.Join(", ", fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));

    private static Dictionary<string, string> ToDictionary(HashEntry[] entries) =>
        entries.ToDictionary(e => (string)e.Name!, e => (string?)e.Value ?? "", StringComparer.Ordinal);
}
