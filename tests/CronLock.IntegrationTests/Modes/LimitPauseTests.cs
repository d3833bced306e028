namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// A pause stops runs with <c>--limit N</c> too: their semaphore's acquire cannot check the pause in its script, so the
/// pauses are read beside it and a place taken while paused is given back. And a limit cannot meet a slot rule.
/// </summary>
public sealed class LimitPauseTests(RedisFixture redis)
{
    private static CronLockInvocation Under(string prefix, params string[] arguments) =>
        new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_PREFIX", prefix).WithEnvironment("CRONLOCK_GRACE", "0");

    private Task<CronLockResult> RunAsync(CronLockInvocation invocation) =>
        CronLockProcess.RunAsync(redis.Endpoint, invocation, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APausedJob_WithALimit_Exits200_RunsNothing_AndLeavesNoPlaceTaken(bool all)
    {
        using var workspace = Workspace.Create();
        var prefix = TestNames.Key() + ".";
        var job = Jobs.AppendLine(workspace.PathOf("ran"));

        (await RunAsync(Under(prefix, all ? ["--pause", "--all"] : ["--pause", "--", .. job]))).ShouldExitWith(0);
        (await RunAsync(Under(prefix, ["--limit", "3", "--", .. job]))).ShouldExitWith(200);

        Assert.Empty(workspace.LinesOf("ran"));
        Assert.False(await redis.Database().KeyExistsAsync(ExpectedKey.ForArguments(job, prefix)), "A paused limited run left its place taken.");

        (await RunAsync(Under(prefix, all ? ["--resume", "--all"] : ["--resume", "--", .. job]))).ShouldExitWith(0);
        (await RunAsync(Under(prefix, ["--limit", "3", "--", .. job]))).ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task ALimitWithASlotRule_IsOneLine201()
    {
        var result = await RunAsync(CronLockInvocation.Of("--limit", "3", "--period", "10m", "true"));

        result.ShouldExitWith(201);
        Assert.Contains("CRONLOCK_LIMIT", Assert.Single(result.StandardErrorLines), StringComparison.Ordinal);
    }
}
