using System.Globalization;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>Reads a lock key back from Redis and checks it against the contract.</summary>
internal static class LockAssertions
{
    /// <summary>
    /// The key exists, holds a decimal unix time within [<paramref name="lowest"/>, <paramref name="highest"/>]
    /// and expires no later than <paramref name="maxTtl"/> from now. Returns the stored time.
    /// </summary>
    public static async Task<long> AssertLockAsync(IDatabase db, string key, long lowest, long highest, TimeSpan maxTtl, TimeSpan minTtl)
    {
        var value = await db.StringGetAsync(key);
        Assert.True(value.HasValue, $"Key '{key}' does not exist.");
        Assert.True(long.TryParse((string?)value, NumberStyles.None, CultureInfo.InvariantCulture, out var stored),
            $"Key '{key}' holds '{value}', not a decimal unix time.");
        Assert.True(stored >= lowest && stored <= highest, $"Key '{key}' holds {stored}; expected a time in [{lowest}, {highest}].");

        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.True(ttl is not null, $"Key '{key}' has no TTL.");
        Assert.True(ttl <= maxTtl && ttl >= minTtl,
            $"Key '{key}' TTL is {ttl.Value.TotalMilliseconds} ms; expected between {minTtl.TotalMilliseconds} and {maxTtl.TotalMilliseconds} ms.");
        return stored;
    }

    public static async Task AssertAbsentAsync(IDatabase db, string key, string because)
    {
        var value = await db.StringGetAsync(key);
        Assert.False(value.HasValue, $"Key '{key}' holds '{value}', but {because}.");
    }
}
