using System.Globalization;
using CronLock.IntegrationTests.Safety;

namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// CRONLOCK_PERIOD / CRONLOCK_SCHEDULE: a job runs at most once per slot, fleet-wide, the slot being the one nearest
/// to Redis's clock; a slot that already ran exits 200, a slot reached while an earlier slot's run still goes is an
/// overrun (205, a warning, recorded for --status). Waits are bounded: each test waits for a safe point of Redis's
/// clock (away from the moment the nearest slot changes) before runs that must share a slot.
/// </summary>
public sealed class SlotRuleTests(RedisFixture redis)
{
    [Fact]
    public async Task TwoRunsForTheSameSlot_TheSecondExits200_AndTheNextSlotRunsAgain()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var key = TestNames.Key();
        var invocation = new CronLockInvocation(["--period", "4", "--grace", "0", .. Jobs.AppendLine(workspace.PathOf("ran"))])
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_VERBOSE", "yes");

        // Redis reads its clock in whole seconds and a tie goes to the earlier slot: the nearest 4 s slot changes
        // when the clock reaches 3 s past a multiple of 4. Start just after that.
        await WaitForPhaseAsync(4, 3.05, 3.5, cancellationToken);
        var first = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);
        var second = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        first.ShouldExitWith(0);
        second.ShouldExitWith(200);
        Assert.Contains("already ran", second.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{Environment.MachineName} pid ", second.StandardError, StringComparison.Ordinal);
        Assert.Single(workspace.LinesOf("ran"));

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await WaitForPhaseAsync(4, 3.05, 3.5, cancellationToken);
        var next = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        next.ShouldExitWith(0);
        Assert.Equal(2, workspace.LinesOf("ran").Length);
    }

    [Fact]
    public async Task ARunStillGoingAtTheNextSlot_IsAnOverrun_205WithAWarning_ShownByStatusAndDryRun()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var key = TestNames.Key();
        var job = new HeldJob(workspace);
        var slotRule = new[] { "--period", "4", "--grace", "0", "--key", key };

        await WaitForPhaseAsync(4, 3.05, 3.5, cancellationToken);
        await using var run = CronLockProcess.Start(redis.Endpoint, new CronLockInvocation([.. slotRule, .. job.InlineArguments(workspace.Directory)]).WithEnvironment(job.Environment));
        await job.WaitStartedAsync(run, cancellationToken);
        try
        {
            var sameSlot = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation([.. slotRule, .. Jobs.AppendLine(workspace.PathOf("ran"))]), cancellationToken: cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            await WaitForPhaseAsync(4, 3.05, 3.5, cancellationToken);
            var dryRun = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--dry-run", .. slotRule, .. Jobs.AppendLine(workspace.PathOf("ran"))]), cancellationToken: cancellationToken);
            var overrun = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation([.. slotRule, .. Jobs.AppendLine(workspace.PathOf("ran"))]), cancellationToken: cancellationToken);
            var status = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--status", "--key", key]), cancellationToken: cancellationToken);
            var json = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--status", "--json", "--key", key]), cancellationToken: cancellationToken);

            sameSlot.ShouldExitWith(200);
            dryRun.ShouldExitWith(205);
            Assert.StartsWith("dry run: would not run, overrun (exit 205)", dryRun.StandardOutput, StringComparison.Ordinal);
            overrun.ShouldExitWith(205);
            var warning = Assert.Single(overrun.StandardErrorLines);
            Assert.Contains("overrun: slot ", warning, StringComparison.Ordinal);
            Assert.Contains($"{Environment.MachineName} pid {run.ProcessId.ToString(CultureInfo.InvariantCulture)} started ", warning, StringComparison.Ordinal);
            Assert.Empty(workspace.LinesOf("ran"));
            status.ShouldExitWith(200);
            Assert.Contains("  last slot: ", status.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"  overrun: slot ", status.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"{Environment.MachineName} pid {run.ProcessId.ToString(CultureInfo.InvariantCulture)}, started ", status.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("\"overrun\":{\"slot\":", json.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            job.Release();
        }

        (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
    }

    [Fact]
    public async Task AWaitingRun_WhoseSlotRanElsewhere_Exits200AtOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var key = TestNames.Key();
        var job = new HeldJob(workspace);
        var slotRule = new[] { "--period", "20", "--key", key };

        await WaitForPhaseAsync(20, 11, 15, cancellationToken);
        await using var run = CronLockProcess.Start(redis.Endpoint, new CronLockInvocation([.. slotRule, .. job.InlineArguments(workspace.Directory)]).WithEnvironment(job.Environment));
        await job.WaitStartedAsync(run, cancellationToken);
        try
        {
            var waiting = await CronLockProcess.RunAsync(redis.Endpoint,
                new CronLockInvocation(["--wait", "20", .. slotRule, .. Jobs.AppendLine(workspace.PathOf("ran"))]), cancellationToken: cancellationToken);

            waiting.ShouldExitWith(200);
            Assert.True(waiting.Duration < TimeSpan.FromSeconds(5), $"The waiting run waited for a slot that had run: {waiting.Duration}");
            Assert.Empty(workspace.LinesOf("ran"));
        }
        finally
        {
            job.Release();
        }

        (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
    }

    [Fact]
    public async Task TwoHostsWithClocksApart_AgreeOnTheSlot_TheJobRunsOnce()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var key = TestNames.Key();
        var invocation = new CronLockInvocation(["--period", "20", "--grace", "0", .. Jobs.AppendLine(workspace.PathOf("ran"))])
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_VERBOSE", "yes");

        // 8 s slow and 8 s fast: 16 s apart on a 20 s period, each less than half of it from Redis's clock.
        await WaitForPhaseAsync(20, 11, 14, cancellationToken);
        var now = await ServerSecondAsync();
        var slow = await CronLockProcess.RunAsync(redis.Endpoint, invocation.WithEnvironment(FakeClock.Shifted("-8")), cancellationToken: cancellationToken);
        var fast = await CronLockProcess.RunAsync(redis.Endpoint, invocation.WithEnvironment(FakeClock.Shifted("+8")), cancellationToken: cancellationToken);

        Assert.InRange(FakeClock.FirstLogSecond(slow) - now, -10, -6);
        Assert.InRange(FakeClock.FirstLogSecond(fast) - now, 6, 10);
        slow.ShouldExitWith(0);
        fast.ShouldExitWith(200);
        Assert.Contains("already ran", fast.StandardError, StringComparison.Ordinal);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.Equal((now + 10) / 20 * 20, (long)await redis.Database().HashGetAsync(SlotKey(key), "slot"));
    }

    [Fact]
    public async Task Schedule_InAZone_RunsOncePerOccurrence_AtTheZonesTimes()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var key = TestNames.Key();
        // Hourly at minute 0 in Kolkata (UTC+05:30): the slots are at minute 30 of every UTC hour.
        var invocation = new CronLockInvocation(["--schedule", "0 * * * *", "--schedule-tz", "Asia/Kolkata", "--key", key, .. Jobs.AppendLine(workspace.PathOf("ran"))]);

        var first = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);
        var second = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);
        var dryRun = await CronLockProcess.RunAsync(redis.Endpoint, new CronLockInvocation(["--dry-run", .. invocation.Arguments]), cancellationToken: cancellationToken);

        first.ShouldExitWith(0);
        second.ShouldExitWith(200);
        dryRun.ShouldExitWith(200);
        Assert.StartsWith("dry run: would not run, slot already ran (exit 200)", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Single(workspace.LinesOf("ran"));
        Assert.Equal(1800, (long)await redis.Database().HashGetAsync(SlotKey(key), "slot") % 3600);
    }

    [Fact]
    public async Task DryRun_OfAFreeSlot_SaysWhichSlotItWouldRun()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            new CronLockInvocation(["--dry-run", "--period", "1d", "--key", TestNames.Key(), .. Jobs.AppendLine(workspace.PathOf("ran"))]), cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        Assert.StartsWith("dry run: would run slot 20", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("T00:00:00Z (exit 0)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
    }

    [Theory]
    [InlineData("--period=0", "CRONLOCK_PERIOD")]
    [InlineData("--period=10x", "is not a duration")]
    [InlineData("--schedule=61 * * * *", "CRONLOCK_SCHEDULE \"61 * * * *\" is not a five-field cron expression: ")]
    [InlineData("--schedule=0 * * * *|--schedule-tz=Mars/Olympus", "CRONLOCK_SCHEDULE_TZ \"Mars/Olympus\" is not a time zone")]
    [InlineData("--period=5m|--schedule=*/5 * * * *", "cannot be combined")]
    public async Task BadSlotSettings_Exit201_WithOneLine(string flags, string expected)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            new CronLockInvocation([.. flags.Split('|'), .. Jobs.AppendLine(workspace.PathOf("ran"))]), cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        var line = Assert.Single(result.StandardErrorLines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
    }

    private static RedisKey SlotKey(string key) => "{" + ExpectedKey.DefaultPrefix + key + "}:slot";

    private async Task<(long Seconds, long Micros)> ServerTimeAsync()
    {
        var time = (RedisResult[])(await redis.Database().ExecuteAsync("TIME"))!;
        return ((long)time[0], (long)time[1]);
    }

    private async Task<long> ServerSecondAsync() => (await ServerTimeAsync()).Seconds;

    /// <summary>Waits (at most one period) until Redis's clock is between <paramref name="from"/> and <paramref name="to"/> seconds past a multiple of <paramref name="period"/>.</summary>
    private async Task WaitForPhaseAsync(int period, double from, double to, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(period + 2);
        while (DateTime.UtcNow < deadline)
        {
            var (seconds, micros) = await ServerTimeAsync();
            var phase = (seconds % period) + (micros / 1e6);
            if (phase >= from && phase <= to)
            {
                return;
            }

            var wait = phase < from ? from - phase : period - phase + from;
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.02, Math.Min(wait, 1))), cancellationToken);
        }

        Assert.Fail($"Redis's clock never reached {from}-{to}s past a multiple of {period}s");
    }
}
