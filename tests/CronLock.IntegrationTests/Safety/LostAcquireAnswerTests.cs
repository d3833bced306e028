using System.Globalization;
using CronLock.IntegrationTests.Modes;
using CronLock.IntegrationTests.ProductionRedis;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// An acquire whose answer never came may still run: cronlock gives up after REDIS_TIMEOUT (exit 201) and Redis,
/// stalled, executes the acquire afterwards. No lock may then be left to a process that is gone (every later run
/// would exit 200 until RELEASE); and a lock whose holder process is gone says so in <c>--status</c>.
/// </summary>
public sealed class LostAcquireAnswerTests(RedisFixture redis)
{
    [Fact]
    public async Task Run_WhenRedisStallsOnTheAcquire_Exits201AndLeavesNoLockBehind()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // CLIENT PAUSE and DEBUG SLEEP freeze every client of the server: this test needs one of its own.
        await using var server = await RedisServer.StartAsync(
            new RedisServerOptions { ExtraArguments = ["--enable-debug-command", "local"] }, cancellationToken);
        using var workspace = Workspace.Create();
        var key = TestNames.Key();
        var lockKey = ExpectedKey.DefaultPrefix + key;
        var invocation = new CronLockInvocation(Jobs.AppendLine(workspace.PathOf("ran")))
            .WithEnvironment("CRONLOCK_KEY", key)
            .WithEnvironment("CRONLOCK_RECONNECT_ATTEMPTS", "1");

        // A server that served cronlock before has its scripts cached: the acquire is then one EVALSHA, which runs
        // as soon as Redis gets to it (on a cold cache it would only answer NOSCRIPT).
        (await CronLockProcess.RunAsync(server.Endpoint, CronLockInvocation.Of("--key", TestNames.Key("earlier"), "true"),
            cancellationToken: cancellationToken)).ShouldExitWith(0);

        // Writes wait while PING still answers: cronlock connects, sends the acquire, and Redis holds it.
        await server.ExecuteAsync("CLIENT", "PAUSE", "3000", "WRITE");
        await using var run = CronLockProcess.Start(server.Endpoint, invocation.WithEnvironment("CRONLOCK_REDIS_TIMEOUT", "1"));
        var client = await HeldAcquireAsync(server, run, cancellationToken);

        // Then the whole server stalls (a slow fork or fsync) past the pause and past cronlock's timeout: once it
        // wakes, the held acquire runs, whether or not cronlock is still there to hear the answer.
        var stall = RedisCli.RunAsync(
            ["-h", server.Endpoint.Host, "-p", server.Endpoint.Port.ToString(CultureInfo.InvariantCulture), "DEBUG", "SLEEP", "5"], cancellationToken);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        await stall;
        await Poll.UntilAsync(async () => !(await ClientsAsync(server)).Any(c => c.Id == client), TimeSpan.FromSeconds(10),
            "Redis to be done with the connection of the cronlock that gave up", cancellationToken);

        result.ShouldExitWith(201);
        Assert.Empty(workspace.LinesOf("ran"));
        Assert.True(!await server.Database().KeyExistsAsync(lockKey),
            $"The acquire whose answer was lost left a lock to a process that is gone: {await LockState.ReadAsync(server.Database(), lockKey)}\n{result}");

        var next = await CronLockProcess.RunAsync(server.Endpoint, invocation, cancellationToken: cancellationToken);

        next.ShouldExitWith(0);
        Assert.Single(workspace.LinesOf("ran"));
    }

    [Fact]
    public async Task Status_OfALockWhoseHolderProcessIsGone_SaysSoAndHowToFreeIt()
    {
        var cli = new SplitModeCli(redis.Endpoint, TestNames.Key());
        var token = SplitModeCli.TokenOf((await cli.AcquireAsync("--release", "60")).ShouldExitWith(0));
        try
        {
            var status = (await cli.StatusAsync()).ShouldExitWith(200);

            // --acquire exits at once: the lock outlives the process that took it, on this very host.
            var gone = status.StandardOutput.Split('\n').SingleOrDefault(line => line.Contains("holder process is gone", StringComparison.Ordinal));
            Assert.True(gone is not null, $"--status does not say the holder process is gone.\n{status}");
            Assert.Contains("CRONLOCK_RESET=yes", gone, StringComparison.Ordinal);
            Assert.Contains("expires at", gone, StringComparison.Ordinal);
        }
        finally
        {
            await cli.UnlockAsync(token);
        }
    }

    [Fact]
    public async Task Status_WhileTheHolderRuns_DoesNotCallItGone()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var workspace = Workspace.Create();
        var job = new HeldJob(workspace);
        var key = TestNames.Key();
        var invocation = new CronLockInvocation(job.InlineArguments(workspace.Directory))
            .WithEnvironment(job.Environment)
            .WithEnvironment("CRONLOCK_KEY", key);

        await using var run = CronLockProcess.Start(redis.Endpoint, invocation);
        try
        {
            await job.WaitStartedAsync(run, cancellationToken);

            var status = (await CronLockProcess.RunAsync(redis.Endpoint, CronLockInvocation.Of("--status", "--key", key),
                cancellationToken: cancellationToken)).ShouldExitWith(200);

            Assert.Contains($"pid {run.ProcessId}", status.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("holder process is gone", status.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            job.Release();
        }

        (await run.WaitAsync(cancellationToken: cancellationToken)).ShouldExitWith(0);
    }

    /// <summary>Waits until Redis holds a script call from a client (CLIENT PAUSE postpones it): cronlock's acquire.</summary>
    /// <returns>That client's id.</returns>
    private static async Task<long> HeldAcquireAsync(RedisServer server, CronLockRun run, CancellationToken cancellationToken)
    {
        long? held = null;
        await Poll.UntilAsync(async () =>
        {
            if (run.HasExited)
            {
                Assert.Fail($"cronlock exited before Redis held its acquire.\n{await run.WaitAsync(cancellationToken: cancellationToken)}");
            }

            held = (await ClientsAsync(server)).Where(c => c.Blocked && c.Command.StartsWith("eval", StringComparison.Ordinal))
                .Select(c => (long?)c.Id).FirstOrDefault();
            return held is not null;
        }, TimeSpan.FromSeconds(2.5), "Redis to hold cronlock's acquire (CLIENT PAUSE WRITE)", cancellationToken);
        return held!.Value;
    }

    private static async Task<IReadOnlyList<(long Id, bool Blocked, string Command)>> ClientsAsync(RedisServer server)
    {
        var list = (string?)await server.ExecuteAsync("CLIENT", "LIST") ?? "";
        return [.. list.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            // Over RESP3 the reply is a verbatim string: its first line starts with "txt:".
            var fields = line.Trim().Split(' ').Select(f => f.Split('=', 2)).Where(f => f.Length == 2)
                .ToDictionary(f => f[0].StartsWith("txt:", StringComparison.Ordinal) ? f[0][4..] : f[0], f => f[1]);
            return (long.Parse(fields["id"], CultureInfo.InvariantCulture), fields["flags"].Contains('b', StringComparison.Ordinal), fields["cmd"]);
        })];
    }
}
