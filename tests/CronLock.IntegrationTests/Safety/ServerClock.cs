using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>The Redis server's own clock (TIME): the one clock CronLock computes expiry and grace from.</summary>
internal static class ServerClock
{
    /// <summary>The server's current unix second.</summary>
    public static async Task<long> NowAsync(IDatabase db)
    {
        var reply = (RedisResult[])(await db.ExecuteAsync("TIME"))!;
        return long.Parse((string)reply[0]!, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
