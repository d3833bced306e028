using CronLock.Connection;
using CronLock.Core.Locking;
using CronLock.Files;
using CronLock.Options;

namespace CronLock.Tests;

public sealed class RedisTargetTests
{
    private static ValidationResult Validate(Dictionary<string, string> env, Func<string, string, string>? readSecretFile = null) =>
        OptionsValidator.Validate(
            EnvironmentSource.Read(name => env.GetValueOrDefault(name), new Dictionary<Setting, string>()),
            ["job.sh"],
            readSecretFile: readSecretFile ?? SecretFile.Read);

    private static RedisTarget Target(Dictionary<string, string> env) => Validate(env).Options!.Redis;

    [Fact]
    public void Url_GivesHostPortUserPasswordDatabase_AndRedissTurnsOnTls()
    {
        var target = Target(new() { ["CRONLOCK_URL"] = "rediss://ops:p%40ss@redis.internal:6380/4" });

        Assert.Equal(RedisTopology.Single, target.Topology);
        Assert.Equal([new HostPort("redis.internal", 6380)], target.Endpoints);
        Assert.Equal("ops", target.User);
        Assert.Equal("p@ss", target.Password);
        Assert.Equal(4, target.Database);
        Assert.True(target.Tls);
    }

    [Fact]
    public void Url_WithPasswordOnly_AndDefaultPort()
    {
        var target = Target(new() { ["CRONLOCK_URL"] = "redis://:secret@10.0.0.5" });

        Assert.Equal([new HostPort("10.0.0.5", 6379)], target.Endpoints);
        Assert.Null(target.User);
        Assert.Equal("secret", target.Password);
        Assert.False(target.Tls);
    }

    [Fact]
    public void Url_ThatIsNotAUrl_IsAConfigurationString()
    {
        var target = Target(new() { ["CRONLOCK_URL"] = "redis1:6379,redis2:6379,ssl=true" });

        Assert.Equal(RedisTopology.ConfigurationString, target.Topology);
        Assert.Equal("redis1:6379,redis2:6379,ssl=true", target.ConfigurationString);
    }

    [Theory]
    [InlineData("CRONLOCK_URL", "redis://h:1", "CRONLOCK_HOST", "other", "CRONLOCK_URL and CRONLOCK_HOST are both set")]
    [InlineData("CRONLOCK_URL", "redis://:pw@h:1", "CRONLOCK_AUTH", "pw2", "CRONLOCK_URL has a password and CRONLOCK_AUTH")]
    [InlineData("CRONLOCK_URL", "redis://h:1/2", "CRONLOCK_DB", "3", "CRONLOCK_URL names a database and CRONLOCK_DB is set")]
    [InlineData("CRONLOCK_SENTINELS", "s1:26379", "CRONLOCK_CLUSTER", "yes", "a cluster has no sentinels")]
    [InlineData("CRONLOCK_TLS_CA", "/ca.pem", "CRONLOCK_TLS", "no", "CRONLOCK_TLS_CA is set but TLS is off")]
    [InlineData("CRONLOCK_TLS_CERT", "/c.pem", "CRONLOCK_TLS", "yes", "CRONLOCK_TLS_CERT and CRONLOCK_TLS_KEY go together")]
    [InlineData("CRONLOCK_AUTH", "pw", "CRONLOCK_AUTH_FILE", "/pw", "CRONLOCK_AUTH and CRONLOCK_AUTH_FILE are both set")]
    [InlineData("CRONLOCK_SENTINELS", "s1:notaport", "CRONLOCK_SENTINEL_MASTER", "m", "CRONLOCK_SENTINELS (or --sentinels) value \"s1:notaport\" has \"s1:notaport\" where host:port belongs")]
    public void Conflicts_AreRefusedWithBothNames(string first, string firstValue, string second, string secondValue, string expected)
    {
        var error = Validate(new() { [first] = firstValue, [second] = secondValue }).Error;

        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Url_ErrorsNeverQuoteTheUrl()
    {
        var error = Validate(new() { ["CRONLOCK_URL"] = "redis://:hunter2@host:6379/notadb" }).Error!;

        Assert.DoesNotContain("hunter2", error);
        Assert.StartsWith("CRONLOCK_URL has \"/notadb\"", error);
    }

    [Theory]
    [InlineData("redis://default:4711/Xy7Q@host:6379", "host", 6379, "default", "4711/Xy7Q", 0)]
    [InlineData("redis://:pa?ss#Xy7Q@h.example:6380/3", "h.example", 6380, null, "pa?ss#Xy7Q", 3)]
    [InlineData("redis://:Xy7Q@at@host/2", "host", 6379, null, "Xy7Q@at", 2)]
    [InlineData("redis://ops:p:Xy7Q:s@[::1]:7000/1", "::1", 7000, "ops", "p:Xy7Q:s", 1)]
    [InlineData("rediss://:%2FXy7Q%3F%23%40%3a@host", "host", 6379, null, "/Xy7Q?#@:", 0)]
    [InlineData("redis://:Xy7Q/@host:6379/1?protocol=resp2#x", "host", 6379, null, "Xy7Q/", 1)]
    [InlineData("REDIS://:Xy7Q@host:", "host", 6379, null, "Xy7Q", 0)]
    public void Url_WithPasswordHoldingUrlCharacters_ParsesToTheRightServer(string url, string host, int port, string? user, string password, int database)
    {
        var target = Target(new() { ["CRONLOCK_URL"] = url });

        Assert.Equal([new HostPort(host, port)], target.Endpoints);
        Assert.Equal(user, target.User);
        Assert.Equal(password, target.Password);
        Assert.Equal(database, target.Database);
    }

    [Theory]
    [InlineData("redis://default:4711/Xy7Q@host:6379/notadb", "CRONLOCK_URL has \"/notadb\" where a database number belongs")]
    [InlineData("redis://default:4711/Xy7Q@host:6379/1x", "CRONLOCK_URL has \"/1x\" where a database number belongs")]
    [InlineData("redis://default:47?11Xy7Q@host:63a79", "CRONLOCK_URL has a port that is not a port number")]
    [InlineData("redis://:Xy7Q#@host:99999", "CRONLOCK_URL has a port that is not a port number")]
    [InlineData("redis://default:47#11Xy7Q@:6379", "CRONLOCK_URL has no host")]
    [InlineData("redis://:Xy7Q@@/0", "CRONLOCK_URL has no host")]
    [InlineData("redis://:Xy7Q:1@bad host:6379", "CRONLOCK_URL has a host that is not a host name or address")]
    [InlineData("redis://:Xy7Q@[::1:6379", "CRONLOCK_URL has a host that is not a host name or address")]
    [InlineData("redis://:Xy7Q@a:1:6379", "CRONLOCK_URL has a host that is not a host name or address")]
    [InlineData("redis://user:Xy7Q", "CRONLOCK_URL has a port that is not a port number")]
    [InlineData("redis://:Xy7Q/0", "CRONLOCK_URL has a port that is not a port number")]
    [InlineData("http://:Xy7Q@host:6379", "CRONLOCK_URL has the scheme \"http\"")]
    public void Url_ErrorsNameTheWrongPart_AndNeverQuoteTheUserInfo(string url, string expected)
    {
        var error = Validate(new() { ["CRONLOCK_URL"] = url }).Error!;

        Assert.StartsWith(expected, error);
        Assert.DoesNotContain("Xy7Q", error);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("127.0.0.1:6379,password=Xy7Q-secret,connectTimeout=soon")]
    [InlineData("127.0.0.1:6379, password = Xy7Q-secret ,abortConnect=perhaps")]
    [InlineData("127.0.0.1:6379,password=Xy7Q-secret,ssl=Xy7Q-secret")]
    public async Task ConfigurationString_ThatDoesNotParse_IsRefusedWithoutQuotingThePassword(string url)
    {
        var target = Target(new() { ["CRONLOCK_URL"] = url });

        var result = await new RedisConnector(Serilog.Core.Logger.None, new SecretRedactor([.. target.Secrets]), TimeProvider.System)
            .ConnectAsync(target, TestContext.Current.CancellationToken);

        Assert.Null(result.Connection);
        Assert.StartsWith("CRONLOCK_URL ", result.Error);
        Assert.DoesNotContain("Xy7Q", result.Error);
    }

    [Fact]
    public void Sentinels_ListAndMaster()
    {
        var target = Target(new() { ["CRONLOCK_SENTINELS"] = "s1:26379, s2 ,[::1]:26380", ["CRONLOCK_SENTINEL_MASTER"] = "jobs", ["CRONLOCK_SENTINEL_AUTH"] = "spw" });

        Assert.Equal(RedisTopology.Sentinel, target.Topology);
        Assert.Equal([new HostPort("s1", 26379), new HostPort("s2", 26379), new HostPort("::1", 26380)], target.Endpoints);
        Assert.Equal("jobs", target.SentinelMaster);
        Assert.Equal("spw", target.SentinelPassword);
    }

    [Fact]
    public void BashCronlockSentinelVariables_AreUnderstood()
    {
        var target = Target(new() { ["CRONLOCK_USE_SENTINEL"] = "yes", ["CRONLOCK_SENTINEL_HOST"] = "sentinel.internal", ["CRONLOCK_SENTINEL_PORT"] = "26000" });

        Assert.Equal(RedisTopology.Sentinel, target.Topology);
        Assert.Equal([new HostPort("sentinel.internal", 26000)], target.Endpoints);
        Assert.Equal("mymaster", target.SentinelMaster);
    }

    [Fact]
    public void Cluster_IsATopology()
    {
        Assert.Equal(RedisTopology.Cluster, Target(new() { ["CRONLOCK_CLUSTER"] = "yes", ["CRONLOCK_HOST"] = "node1" }).Topology);
    }

    [Fact]
    public void AuthFile_IsReadThroughTheSecretFileReader()
    {
        var result = Validate(new() { ["CRONLOCK_AUTH_FILE"] = "/etc/cronlock.pw" }, (path, origin) => $"{origin}:{path}");

        Assert.Equal("CRONLOCK_AUTH_FILE:/etc/cronlock.pw", result.Options!.Redis.Password);
    }

    [Fact]
    public void SecretFile_ReadableByOthers_IsRefusedLikeSsh()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "pw\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            var error = Validate(new() { ["CRONLOCK_AUTH_FILE"] = path }).Error!;
            Assert.Contains("is accessible by group or others (mode 0640)", error);

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Assert.Equal("pw", Validate(new() { ["CRONLOCK_AUTH_FILE"] = path }).Options!.Redis.Password);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MinReplicas_IsValidated()
    {
        Assert.Equal(1, Target(new() { ["CRONLOCK_MIN_REPLICAS"] = "1" }).MinReplicas);
        Assert.Contains("is not a number of replicas", Validate(new() { ["CRONLOCK_MIN_REPLICAS"] = "all" }).Error);
    }

    [Fact]
    public void Hosts_MakeARedlockOfIndependentMasters()
    {
        var target = Target(new() { ["CRONLOCK_HOSTS"] = "r1:6379,r2,r3:7000" });

        Assert.Equal(RedisTopology.Redlock, target.Topology);
        Assert.Equal([new HostPort("r1", 6379), new HostPort("r2", 6379), new HostPort("r3", 7000)], target.Endpoints);
    }

    [Theory]
    [InlineData("r1:6379,r2:6379", null, null, "names fewer than 3 masters")]
    [InlineData("r1,r2,r3", "CRONLOCK_HOST", "r4", "CRONLOCK_HOSTS (Redlock) and CRONLOCK_HOST are both set")]
    [InlineData("r1,r2,r3", "CRONLOCK_MIN_REPLICAS", "1", "CRONLOCK_HOSTS (Redlock) and CRONLOCK_MIN_REPLICAS are both set")]
    [InlineData("r1,r2,r3", "CRONLOCK_CLUSTER", "yes", "CRONLOCK_HOSTS (Redlock) and CRONLOCK_CLUSTER are both set")]
    public void Hosts_Misuse_IsRefused(string hosts, string? other, string? otherValue, string expected)
    {
        var env = new Dictionary<string, string> { ["CRONLOCK_HOSTS"] = hosts };
        if (other is not null)
        {
            env[other] = otherValue!;
        }

        Assert.Contains(expected, Validate(env).Error);
    }
}
