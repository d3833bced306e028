namespace CronLock.IntegrationTests.Library;

/// <summary>
/// A connection of its own to the test's Redis, as a service that references CronLock.Core would open. Two of
/// them stand for two instances of a service on different hosts.
/// </summary>
internal static class ServiceConnection
{
    public static async Task<ConnectionMultiplexer> OpenAsync(RedisEndpoint redis)
    {
        var options = new ConfigurationOptions { AbortOnConnectFail = true, ConnectTimeout = 5000, SyncTimeout = 5000, AsyncTimeout = 5000 };
        options.EndPoints.Add(redis.Host, redis.Port);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
