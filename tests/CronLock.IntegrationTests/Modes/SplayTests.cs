using System.Diagnostics;
using CronLock.IntegrationTests.Safety;

namespace CronLock.IntegrationTests.Modes;

/// <summary>
/// <c>--splay SECONDS</c> / CRONLOCK_SPLAY: a run first waits a random 0…SECONDS, before it contacts Redis. A signal
/// ends that wait at once (128+N, nothing run, nothing locked); a run that waits it out runs its job as usual.
/// </summary>
public sealed class SplayTests(RedisFixture redis)
{
    [Fact]
    public async Task Sigterm_DuringALongSplay_Exits143Promptly_RunningAndLockingNothing()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var arguments = Jobs.AppendLine(workspace.PathOf("ran"));
        var invocation = new CronLockInvocation(arguments)
            .WithEnvironment("CRONLOCK_SPLAY", "86400")
            .WithEnvironment("CRONLOCK_VERBOSE", "yes");

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation with { Executable = CronLockExecutable.PublishedWithSignals(false, "TERM") });
        await run.WaitForLogAsync("splay: waiting", TimeSpan.FromSeconds(10), cancellationToken);
        var clock = Stopwatch.StartNew();
        PosixSignal.Send(run.ProcessId, PosixSignal.Term);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

        result.ShouldExitWith(143);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"cronlock took {clock.Elapsed.TotalSeconds:0.0} s to stop its splay.\n{result}");
        Assert.Contains("CRONLOCK_SPLAY", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("nothing was run", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.False(await redis.Database().KeyExistsAsync(ExpectedKey.ForArguments(arguments)), "The interrupted splay left a lock.");
    }

    [Fact]
    public async Task Splay_ThenRunsTheJob_AndSaysHowLongItWaitedWithVerbose()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var invocation = new CronLockInvocation(["--splay", "1", "--verbose", .. Jobs.AppendLine(workspace.PathOf("ran"))]);

        var result = await CronLockProcess.RunAsync(redis.Endpoint, invocation, cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        Assert.Equal(["ran"], workspace.LinesOf("ran"));
        Assert.Contains("splay: waiting", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("random 0-1s", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Splay_DoesNotDelayStatusOrDryRun()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var key = TestNames.Key();

        var status = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--status", "--key", key).WithEnvironment("CRONLOCK_SPLAY", "86400"),
            TimeSpan.FromSeconds(20), cancellationToken);
        var dryRun = await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--dry-run", "--key", key, "true").WithEnvironment("CRONLOCK_SPLAY", "86400"),
            TimeSpan.FromSeconds(20), cancellationToken);

        status.ShouldExitWith(0);
        dryRun.ShouldExitWith(0);
        Assert.Contains("random pause of up to 86400s", dryRun.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-1")]
    [InlineData("10m")]
    [InlineData("315360001")]
    public async Task BadSplay_IsOneLineNamingTheSetting_Exit201(string value)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();

        var result = await CronLockProcess.RunAsync(redis.Endpoint,
            new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran"))).WithEnvironment("CRONLOCK_SPLAY", value), cancellationToken: cancellationToken);

        result.ShouldExitWith(201);
        var line = Assert.Single(result.StandardErrorLines);
        Assert.Contains($"CRONLOCK_SPLAY (or --splay) value \"{value}\" is not a whole number of seconds", line, StringComparison.Ordinal);
        Assert.Empty(workspace.LinesOf("ran"));
    }
}
