using System.Globalization;
using CronLock.IntegrationTests.ProductionRedis;

namespace CronLock.IntegrationTests.Messages;

/// <summary>
/// Connecting goes wrong: one line on stderr that names the real cause and the setting the value came from, exit 201,
/// and the job never starts.
/// </summary>
public sealed class ConnectionMessageTests(RedisFixture redis)
{
    [Fact]
    public async Task HostNameThatDoesNotResolve_SaysSo_AtTheFirstTry()
    {
        // Golock's defaults: 5 tries, waits growing by 5 s. A name that does not exist is final at once.
        var result = await RunAsync(redis.Endpoint, invocation => invocation.WithEnvironment("CRONLOCK_HOST", "redis.nonexistent.invalid").WithEnvironment("CRONLOCK_PORT", null)
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "5").WithEnvironment("CRONLOCK_RECONNECT_BACKOFF", "5"));

        AssertOneLineError(result, "cannot reach Redis at redis.nonexistent.invalid:6379: the host name does not resolve (check CRONLOCK_HOST)");
        Assert.True(result.Duration < TimeSpan.FromSeconds(4.5), $"The backoff budget was spent on a name that does not exist.\n{result}");
    }

    [Fact]
    public async Task ProtectedMode_QuotesTheServersReason()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { ExtraArguments = ["--protected-mode", "yes"] }, cancellationToken);
        await using var relay = new OtherSourceRelay(server.Endpoint);

        var result = await RunAsync(new RedisEndpoint("127.0.0.1", relay.Port), invocation => invocation);

        AssertOneLineError(result, $"Redis at 127.0.0.1:{relay.Port} refused the connection: \"DENIED Redis is running in protected mode");
        Assert.Contains("CRONLOCK_AUTH", result.StandardError, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromSeconds(4.5), $"A DENIED server was retried.\n{result}");
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}", "CRONLOCK_URL has the scheme \"http\"")]
    [InlineData("redis://u:Xy7Q@127.0.0.1:99999/0", "CRONLOCK_URL has a port that is not a port number (1-65535)")]
    [InlineData("redis://127.0.0.1:abc", "CRONLOCK_URL has a port that is not a port number (1-65535)")]
    [InlineData("redis://u:Xy7Q@127.0.0.1:{port}/zero", "CRONLOCK_URL has \"/zero\" where a database number belongs")]
    public async Task UrlThatIsWrong_NamesThePartThatIsWrong_NeverTheUserinfo(string url, string expected)
    {
        var result = await RunAsync(redis.Endpoint, invocation =>
            invocation.WithUrl(url.Replace("{port}", redis.Endpoint.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));

        AssertOneLineError(result, expected);
        Assert.DoesNotContain("Xy7Q", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPasswordFromTheUrl_NamesTheUrl()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(new RedisServerOptions { Password = "right-" + Guid.NewGuid().ToString("N") }, cancellationToken);

        var result = await RunAsync(server.Endpoint, invocation => invocation.WithUrl($"redis://:wrong-Xy7Q@127.0.0.1:{server.Endpoint.Port}"));

        AssertOneLineError(result, $"authentication to Redis at 127.0.0.1:{server.Endpoint.Port} failed (check the password in CRONLOCK_URL)");
        Assert.DoesNotContain("CRONLOCK_AUTH", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Xy7Q", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabaseFromTheUrlThatDoesNotExist_NamesTheUrl()
    {
        var result = await RunAsync(redis.Endpoint, invocation => invocation.WithUrl($"redis://127.0.0.1:{redis.Endpoint.Port}/99"));

        AssertOneLineError(result, "CRONLOCK_URL database (99): ");
        Assert.DoesNotContain("CRONLOCK_DB", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CRONLOCK_AUTH")]
    [InlineData("CRONLOCK_URL")]
    public async Task PasswordForAServerThatRequiresNone_IsRefused(string setting)
    {
        // The shared server has no requirepass: its default user takes any password, or none.
        var port = redis.Endpoint.Port.ToString(CultureInfo.InvariantCulture);
        var result = await RunAsync(redis.Endpoint, invocation => setting == "CRONLOCK_AUTH"
            ? invocation.WithEnvironment("CRONLOCK_AUTH", "Xy7Q")
            : invocation.WithUrl($"redis://default:Xy7Q@127.0.0.1:{port}"));

        var where = setting == "CRONLOCK_AUTH" ? $"{redis.Endpoint.Host}:{port}" : $"127.0.0.1:{port}";
        AssertOneLineError(result, $"{setting} gives a password, but Redis at {where} requires none");
        Assert.DoesNotContain("Xy7Q", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task<CronLockResult> RunAsync(RedisEndpoint endpoint, Func<CronLockInvocation, CronLockInvocation> configure)
    {
        var workspace = Workspace.Create();
        try
        {
            var result = await CronLockProcess.RunAsync(endpoint, configure(new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))),
                TimeSpan.FromSeconds(40), TestContext.Current.CancellationToken);
            Assert.True(workspace.LinesOf("ran").Length == 0, $"The job ran.\n{result}");
            return result;
        }
        finally
        {
            workspace.Dispose();
        }
    }

    private static void AssertOneLineError(CronLockResult result, string expected)
    {
        result.ShouldExitWith(201);
        Assert.True(result.StandardErrorLines.Length == 1, $"Expected a one-line error.\n{result}");
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
    }
}
