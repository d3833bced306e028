namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// The job learns which lock it runs under and its fencing token (CRONLOCK_LOCK_KEY, CRONLOCK_FENCING_TOKEN), and
/// never the Redis password cronlock was given.
/// </summary>
public sealed class JobEnvironmentTests
{
    private const string Password = "fence-test-secret-4711";

    [Theory]
    [InlineData("CRONLOCK_AUTH")]
    [InlineData("CRONLOCK_URL")]
    public async Task Job_Environment_HasTheLockKeyAndFencingTokenAndNoPassword(string passwordVariable)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = Password }, cancellationToken);
        var db = server.Database();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var invocation = new CronLockInvocation(Jobs.Shell("env", key)).WithEnvironment("CRONLOCK_KEY", key);
        invocation = passwordVariable == "CRONLOCK_AUTH"
            ? invocation.WithEnvironment("CRONLOCK_AUTH", Password)
            : invocation
                .WithEnvironment("CRONLOCK_HOST", null)
                .WithEnvironment("CRONLOCK_PORT", null)
                .WithEnvironment("CRONLOCK_URL", $"redis://:{Password}@{server.Endpoint.Host}:{server.Endpoint.Port}");
        await db.StringSetAsync(LockState.FenceKey(lockKey), 41);

        var result = await CronLockProcess.RunAsync(server.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        var environment = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        Assert.Equal(lockKey, environment.GetValueOrDefault("CRONLOCK_LOCK_KEY"));
        Assert.Equal("42", environment.GetValueOrDefault("CRONLOCK_FENCING_TOKEN"));
        Assert.Equal("42", (await db.HashGetAsync(LockState.LastRunKey(lockKey), "token")).ToString());
        Assert.False(environment.ContainsKey(passwordVariable), $"The job got {passwordVariable}.\n{result}");
        Assert.DoesNotContain(Password, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }
}
