using CronLock.Core;
using CronLock.IntegrationTests.Modes;

namespace CronLock.IntegrationTests.Library;

/// <summary>
/// A lock taken by a service through CronLock.Core and one taken by the <c>cronlock</c> CLI are the same lock:
/// each sees, reports and respects the other.
/// </summary>
public sealed class CliInteropTests(RedisFixture redis)
{
    [Fact]
    public async Task Status_OfALibraryHolder_ShowsHostPidTokenDescriptionAndReason()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var options = new ObtainOptions { Description = "nightly report", Reason = "quarter close" };
        await using var handle = await new RedisLocker(connection).ObtainAsync(cli.LockKey, TimeSpan.FromSeconds(60), options, cancellationToken);
        Assert.NotNull(handle);

        var text = (await cli.StatusAsync()).ShouldExitWith(200);
        var json = await cli.StatusJsonAsync();

        Assert.Contains($"held by {Environment.MachineName} pid {Environment.ProcessId}", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"fencing token {handle.FencingToken}", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(", reason: quarter close", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("command: nightly report", text.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("held", json.State);
        Assert.Equal(handle.HolderId, json.HolderId);
        Assert.Equal("quarter close", json.Reason);
        Assert.Equal("nightly report", json.Command);
        Assert.Equal(handle.FencingToken, json.HolderFencingToken);
    }

    [Fact]
    public async Task Library_WhenTheCliAcquiredTheLock_CannotObtainItAndSeesTheHolder()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var locker = new RedisLocker(connection);
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var token = SplitModeCli.TokenOf((await cli.AcquireAsync("--release", "60", "--reason", "Upgrade RPMs on node-3")).ShouldExitWith(0));
        try
        {
            Assert.Null(await locker.ObtainAsync(cli.LockKey, TimeSpan.FromSeconds(10), cancellationToken: cancellationToken));

            var holder = await locker.GetHolderAsync(cli.LockKey, cancellationToken);
            Assert.NotNull(holder);
            Assert.Equal(token, holder.HolderId);
            Assert.Equal("Upgrade RPMs on node-3", holder.Reason);
            Assert.True(await locker.GetTtlAsync(cli.LockKey, cancellationToken) > TimeSpan.FromSeconds(50));
        }
        finally
        {
            (await cli.UnlockAsync(token)).ShouldExitWith(0);
        }

        await using var handle = await locker.ObtainAsync(cli.LockKey, TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);
        Assert.NotNull(handle);
    }

    [Fact]
    public async Task CliRun_WhileALibraryHolderHasTheKey_Exits200WithoutRunningTheJob()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var name = TestNames.Key();
        await using var handle = await new RedisLocker(connection).ObtainAsync(ExpectedKey.DefaultPrefix + name, TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        Assert.NotNull(handle);
        var value = (string?)await redis.Database().StringGetAsync(ExpectedKey.DefaultPrefix + name);

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            new CronLockInvocation(["--key", name, .. Jobs.AppendLine(workspace.PathOf("ran"))]), cancellationToken: cancellationToken);

        result.ShouldExitWith(200);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.Equal(value, (string?)await redis.Database().StringGetAsync(ExpectedKey.DefaultPrefix + name));
        // Nor can the CLI unlock it without the holder's token.
        (await new SplitModeCli(redis.Endpoint, name).UnlockAsync("some-other-token")).ShouldExitWith(204);
        Assert.NotNull(await handle.GetTtlAsync(cancellationToken));
    }

    [Fact]
    public async Task CliUnlock_WithTheHolderIdFromStatus_FreesALibraryLock()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var connection = await ServiceConnection.OpenAsync(redis.Endpoint);
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        await using var handle = await new RedisLocker(connection).ObtainAsync(cli.LockKey, TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        Assert.NotNull(handle);

        // An operator freeing a stuck service's lock: the token is the holder id --status --json shows.
        var holderId = (await cli.StatusJsonAsync()).HolderId;
        Assert.NotNull(holderId);
        (await cli.UnlockAsync(holderId)).ShouldExitWith(0);

        await LockAssertions.AssertAbsentAsync(redis.Database(), cli.LockKey, "--unlock with the holder's id frees it");
        Assert.Null(await handle.GetTtlAsync(cancellationToken));
        Assert.False(await handle.RefreshAsync(TimeSpan.FromSeconds(60), cancellationToken), "The service refreshed a lock the operator freed.");
    }
}
