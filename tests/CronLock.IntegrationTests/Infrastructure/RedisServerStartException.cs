namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>redis-server exited or never answered PING; usually a port taken between choosing and binding it.</summary>
internal sealed class RedisServerStartException(string message) : Exception(message);
