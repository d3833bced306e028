namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>What one sentinel of a <see cref="SentinelGroup"/> watches and how it logs in.</summary>
internal sealed record SentinelSettings(RedisEndpoint Master, string MasterName, int Quorum, string? MasterPassword, string? SentinelPassword);
