using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// A lock written by golock or bash cronlock is only a value (its expiry second) under the key: CronLock respects it
/// without adding anything beside it, and <c>--status</c> reports it as held by a foreign holder.
/// </summary>
public sealed class ForeignLockTests(RedisFixture redis)
{
    [Fact]
    public async Task Run_OnAGolockFormatKey_Exits200AndWritesNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var lockKey = ExpectedKey.ForArguments(arguments);
        var held = await HoldLikeGolockAsync(db, lockKey);

        var result = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(arguments), cancellationToken: cancellationToken);

        result.ShouldExitWith(200);
        Assert.Empty(workspace.LinesOf("ran"));
        (await LockState.ReadAsync(db, lockKey)).AssertUnchangedSince(held, result.Duration, "cronlock wrote to golock's lock.");
    }

    [Fact]
    public async Task Status_OfAGolockFormatKey_ReportsAForeignHolderAndItsExpiry()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var db = redis.Database();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var lockKey = ExpectedKey.ForArguments(arguments);
        var held = await HoldLikeGolockAsync(db, lockKey);
        var expiry = held.ExpirySecond!.Value;

        var text = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--status", .. arguments]), cancellationToken: cancellationToken);
        var json = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--status", "--json", .. arguments]), cancellationToken: cancellationToken);

        text.ShouldExitWith(200);
        Assert.Contains("held by a foreign holder", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(DateTimeOffset.FromUnixTimeSeconds(expiry).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            text.StandardOutput, StringComparison.Ordinal);
        json.ShouldExitWith(200);
        var status = StatusJson.Single(json);
        Assert.Equal(lockKey, status.String("key"));
        Assert.Equal("foreign", status.String("state"));
        Assert.Equal(expiry, status.Time("expires_at"));
        Assert.InRange(status.Number("ttl_seconds") ?? -1, 100, 120);
        Assert.False(status.Has("holder"), $"A golock lock has no CronLock holder: {status}");
        (await LockState.ReadAsync(db, lockKey)).AssertUnchangedSince(held, text.Duration + json.Duration, "--status wrote to the lock.");
    }

    /// <summary>What golock writes: SET key (now + RELEASE + 1) EX RELEASE, nothing else.</summary>
    private static async Task<LockState> HoldLikeGolockAsync(IDatabase db, string lockKey)
    {
        var value = (await ServerClock.NowAsync(db) + 121).ToString(CultureInfo.InvariantCulture);
        await db.StringSetAsync(lockKey, value, TimeSpan.FromSeconds(120));
        var held = await LockState.ReadAsync(db, lockKey);
        Assert.Empty(held.Holder);
        return held;
    }
}
