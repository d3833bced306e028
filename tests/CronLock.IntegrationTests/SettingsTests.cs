using System.Globalization;

namespace CronLock.IntegrationTests;

/// <summary>Valid spellings are accepted, and a flag beats its environment variable.</summary>
public sealed class SettingsTests(RedisFixture redis)
{
    [Theory]
    [InlineData("yes", true)]
    [InlineData("YES", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    [InlineData("on", true)]
    [InlineData("no", false)]
    [InlineData("FALSE", false)]
    [InlineData("0", false)]
    [InlineData("Off", false)]
    public async Task Run_WithBooleanSpelling_IsAccepted(string spelling, bool verbose)
    {
        var arguments = Jobs.ExitWith(0, TestNames.Key());
        var invocation = new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_VERBOSE", spelling);

        var result = await RunAsync(invocation);

        result.ShouldExitWith(0);
        Assert.True(await redis.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"The run took no lock.\n{result}");
        // Debug lines only when verbose; a clean run without it writes nothing to stderr.
        Assert.True(verbose == (result.StandardError.Length > 0), $"VERBOSE={spelling} should mean {(verbose ? "debug lines" : "an empty stderr")}.\n{result}");
    }

    [Fact]
    public async Task Run_WithPortFlagAndWrongPortVariable_UsesTheFlag()
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = new CronLockInvocation(["--port", redis.Endpoint.Port.ToString(CultureInfo.InvariantCulture), .. arguments])
            .WithEnvironment("CRONLOCK_PORT", FreePort.Next().ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "1");

        var result = await RunAsync(invocation);

        result.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task Run_WithGraceFlagAndGraceVariable_UsesTheFlag()
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = new CronLockInvocation(["--grace", "20", .. arguments]).WithEnvironment("CRONLOCK_GRACE", "3");

        var before = UnixTime.Floor;
        (await RunAsync(invocation)).ShouldExitWith(0);

        await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.ForArguments(arguments), before + 21, UnixTime.Ceiling + 21,
            maxTtl: TimeSpan.FromSeconds(21), minTtl: TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Run_WithGraceEqualToRelease_IsAcceptedAndLocksForRelease()
    {
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_GRACE", "10").WithEnvironment("CRONLOCK_RELEASE", "10");

        var before = UnixTime.Floor;
        (await RunAsync(invocation)).ShouldExitWith(0);

        await LockAssertions.AssertLockAsync(redis.Database(), ExpectedKey.ForArguments(arguments), before + 11, UnixTime.Ceiling + 11,
            maxTtl: TimeSpan.FromSeconds(11), minTtl: TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task Run_WithoutHost_ConnectsToLocalhost()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        // A server of its own on 127.0.0.1, so the default host is tested even when the shared one is in a container.
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));

        var result = await CronLockProcess.RunAsync(server.Endpoint, new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_HOST", null),
            cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        Assert.True(await server.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), $"No lock on the localhost server.\n{result}");
    }

    private Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: TestContext.Current.CancellationToken);
}
