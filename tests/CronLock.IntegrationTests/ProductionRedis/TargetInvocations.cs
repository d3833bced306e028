namespace CronLock.IntegrationTests.ProductionRedis;

/// <summary>Ways to point one cronlock invocation at a production-style Redis.</summary>
internal static class TargetInvocations
{
    /// <summary>
    /// Removes the CRONLOCK_HOST / CRONLOCK_PORT the runner sets by default: a URL or sentinel list and a host
    /// are two ways to name the server, and cronlock refuses both at once.
    /// </summary>
    public static CronLockInvocation WithoutHostAndPort(this CronLockInvocation invocation) =>
        invocation.WithEnvironment("CRONLOCK_HOST", null).WithEnvironment("CRONLOCK_PORT", null);

    public static CronLockInvocation WithUrl(this CronLockInvocation invocation, string url) =>
        invocation.WithoutHostAndPort().WithEnvironment("CRONLOCK_URL", url);

    /// <summary>Through the group's sentinels, with both passwords, as a production crontab would.</summary>
    public static CronLockInvocation ThroughSentinels(this CronLockInvocation invocation, SentinelGroup group) =>
        invocation.WithoutHostAndPort()
            .WithEnvironment("CRONLOCK_SENTINELS", group.SentinelList)
            .WithEnvironment("CRONLOCK_AUTH", group.MasterPassword)
            .WithEnvironment("CRONLOCK_SENTINEL_AUTH", group.SentinelPassword);

    /// <summary>Trust comes only from what a test sets, never from the developer's or CI's certificate settings.</summary>
    public static CronLockInvocation WithoutInheritedTrust(this CronLockInvocation invocation) =>
        invocation.WithEnvironment("SSL_CERT_FILE", null).WithEnvironment("SSL_CERT_DIR", null);

    /// <summary>One connect try with a short timeout: a failure shows in seconds, not after golock's 5 × 5 s backoff.</summary>
    public static CronLockInvocation FailingFast(this CronLockInvocation invocation, int redisTimeoutSeconds = 3) =>
        invocation.WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "1")
            .WithEnvironment("CRONLOCK_REDIS_TIMEOUT", redisTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A job that writes its whole environment to <paramref name="file"/>.</summary>
    public static string[] DumpEnvironment(string file) => ["sh", "-c", "env > \"$1\"", "dump-env", file];
}
