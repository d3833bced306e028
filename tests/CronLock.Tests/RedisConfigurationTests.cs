using System.Net;
using CronLock.Connection;
using CronLock.Options;
using StackExchange.Redis;

namespace CronLock.Tests;

public sealed class RedisConfigurationTests
{
    private static RedisTarget Target(Dictionary<string, string> env) =>
        OptionsValidator.Validate(
            EnvironmentSource.Read(name => env.GetValueOrDefault(name), new Dictionary<Setting, string>()),
            ["job.sh"]).Options!.Redis;

    private static ConfigurationOptions Build(Dictionary<string, string> env)
    {
        var (configuration, error) = RedisConfiguration.Build(Target(env));
        Assert.Null(error);
        return configuration!;
    }

    [Fact]
    public void SingleServer_GetsItsEndpointCredentialsAndDatabase()
    {
        var configuration = Build(new() { ["CRONLOCK_HOST"] = "redis.internal", ["CRONLOCK_PORT"] = "6380", ["CRONLOCK_USER"] = "ops", ["CRONLOCK_AUTH"] = "pw", ["CRONLOCK_DB"] = "3" });

        Assert.Equal([new DnsEndPoint("redis.internal", 6380)], configuration.EndPoints);
        Assert.Equal("ops", configuration.User);
        Assert.Equal("pw", configuration.Password);
        Assert.Equal(3, configuration.DefaultDatabase);
    }

    [Fact]
    public void EveryTimeout_IsCronlockRedisTimeoutInMilliseconds()
    {
        var configuration = Build(new() { ["CRONLOCK_REDIS_TIMEOUT"] = "7" });

        Assert.Equal(7000, configuration.ConnectTimeout);
        Assert.Equal(7000, configuration.SyncTimeout);
        Assert.Equal(7000, configuration.AsyncTimeout);
    }

    [Fact]
    public void TheLibrary_FailsFastEachTry_SoOurOwnLoopDoesTheRetrying()
    {
        var configuration = Build([]);

        Assert.True(configuration.AbortOnConnectFail);
        Assert.Equal(1, configuration.ConnectRetry);
        Assert.False(configuration.IncludeDetailInExceptions);
        Assert.Equal(string.Empty, configuration.TieBreaker);
        Assert.Equal(string.Empty, configuration.ConfigurationChannel);
        Assert.False(configuration.SetClientLibrary);
    }

    [Fact]
    public void SingleServer_TrimsTheHandshake_AndSpeaksResp2()
    {
        var text = Build([]).ToString();

        foreach (var command in new[] { "INFO", "CONFIG", "CLUSTER", "CLIENT", "ECHO", "SUBSCRIBE" })
        {
            Assert.Contains($"${command}=", text);
        }

        Assert.Equal(RedisProtocol.Resp2, Build([]).Protocol);
    }

    [Fact]
    public void SingleServer_GivesAnEmptyClientName_SoTheLibraryDoesNotWorkOneOut()
    {
        // CLIENT SETNAME is never sent to a single server (CLIENT is trimmed above); without a name of our own the
        // library would still build its default one (a reflection probe, the host name, a regex) at every connect.
        Assert.Equal(string.Empty, Build([]).ClientName);
        Assert.Null(Build(new() { ["CRONLOCK_CLUSTER"] = "yes", ["CRONLOCK_HOST"] = "n1" }).ClientName);
    }

    [Fact]
    public void SingleServer_WithADatabase_KeepsConfigGetSoAnOutOfRangeDatabaseIsRefusedBeforeSending()
    {
        var text = Build(new() { ["CRONLOCK_DB"] = "2" }).ToString();

        Assert.DoesNotContain("$CONFIG=", text);
        Assert.Contains("$INFO=", text);
    }

    [Fact]
    public void Sentinel_NamesItsMasterAndPassword_AndKeepsTheDiscoveryCommands()
    {
        var configuration = Build(new() { ["CRONLOCK_SENTINELS"] = "s1:26379,s2:26379", ["CRONLOCK_SENTINEL_MASTER"] = "jobs", ["CRONLOCK_SENTINEL_AUTH"] = "spw" });

        Assert.Equal("jobs", configuration.ServiceName);
        Assert.Equal("spw", configuration.SentinelPassword);
        Assert.Equal(2, configuration.EndPoints.Count);
        Assert.DoesNotContain("$INFO=", configuration.ToString());
    }

    [Fact]
    public void Cluster_KeepsTheDiscoveryCommands()
    {
        var configuration = Build(new() { ["CRONLOCK_CLUSTER"] = "yes", ["CRONLOCK_HOST"] = "n1", ["CRONLOCK_PORT"] = "7000" });

        Assert.Equal([new DnsEndPoint("n1", 7000)], configuration.EndPoints);
        Assert.DoesNotContain("$CLUSTER=", configuration.ToString());
    }

    [Fact]
    public void ConfigurationString_WithSslTrue_UsesTls()
    {
        var target = Target(new() { ["CRONLOCK_URL"] = "127.0.0.1:6380,ssl=true,password=pw" });
        var (configuration, _) = RedisConfiguration.Build(target);

        Assert.True(RedisConfiguration.UsesTls(target, configuration!));
        Assert.False(RedisConfiguration.UsesTls(Target([]), Build([])));
    }

    [Fact]
    public void ConfigurationString_ThatDoesNotParse_NamesTheSettingWithoutQuotingIt()
    {
        var (configuration, error) = RedisConfiguration.Build(Target(new() { ["CRONLOCK_URL"] = "127.0.0.1:6379,password=Xy7Q,connectTimeout=soon" }));

        Assert.Null(configuration);
        Assert.StartsWith("CRONLOCK_URL ", error);
        Assert.DoesNotContain("Xy7Q", error);
    }
}
