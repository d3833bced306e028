namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>Where a Redis server answers, as cronlock is told through CRONLOCK_HOST / CRONLOCK_PORT.</summary>
internal sealed record RedisEndpoint(string Host, int Port);
