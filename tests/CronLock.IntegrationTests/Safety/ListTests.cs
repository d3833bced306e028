using System.Globalization;

namespace CronLock.IntegrationTests.Safety;

/// <summary>
/// <c>cronlock --list</c>: every lock under the prefix, one line each (JSON lines with <c>--json</c>), found with SCAN —
/// never KEYS, which blocks a production Redis — and streamed, so time and memory stay bounded with many locks.
/// Each test has a server of its own: it counts the server's commands, and 10,000 keys stay out of everyone's way.
/// </summary>
public sealed class ListTests
{
    private const int LockCount = 10_000;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(20);
    private const long MemoryLimit = 100L * 1024 * 1024;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_TenThousandLocks_PrintsEachOnceQuicklyInBoundedMemoryUsingScan(bool json)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var db = server.Database();
        var prefix = $"it.list.{Guid.NewGuid():N}.";
        var expected = await CreateForeignLocksAsync(db, prefix);
        await db.StringSetAsync($"it.other.{Guid.NewGuid():N}", "1", TimeSpan.FromMinutes(5));
        await db.ExecuteAsync("CONFIG", "RESETSTAT");
        var arguments = json ? new[] { "--list", "--json" } : ["--list"];

        await using var run = CronLockProcess.Start(server.Endpoint, new CronLockInvocation(arguments).WithEnvironment("CRONLOCK_PREFIX", prefix));
        var memory = PeakMemory.Watch(run.ProcessId);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var peak = await memory.Sampling;

        result.ShouldExitWith(0);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == LockCount, $"Expected {LockCount} lines, got {lines.Length}. The first lines:\n{string.Join('\n', lines.Take(5))}");
        var listed = json ? lines.Select(l => StatusJson.Parse(l)).Select(AssertForeign).ToList() : lines.Select(l => l.Split('\t')[0]).ToList();
        Assert.True(listed.ToHashSet(StringComparer.Ordinal).SetEquals(expected), "The listed keys are not exactly the locks under the prefix.");
        Assert.Equal(LockCount, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.True(result.Duration < TimeLimit, $"Listing {LockCount} locks took {result.Duration.TotalSeconds:0.0} s.");
        Assert.True(peak > 0, "The cronlock process was gone before its memory could be read.");
        Assert.True(peak < MemoryLimit, $"Listing {LockCount} locks peaked at {peak / (1024 * 1024)} MB resident.");

        var commands = (string?)await db.ExecuteAsync("INFO", "commandstats") ?? "";
        Assert.DoesNotContain("cmdstat_keys:", commands, StringComparison.Ordinal);
        Assert.Contains("cmdstat_scan:", commands, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_WithKeysThatAreNotLocks_ListsEveryLockAndMarksTheOthers(bool json)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var db = server.Database();
        var prefix = "it.list.mixed.";
        await db.StringSetAsync(prefix + "golock", (UnixTime.Floor + 600).ToString(CultureInfo.InvariantCulture), TimeSpan.FromMinutes(5));
        await NotALock.CreateAsync(db, prefix + "settings", "hash");
        await NotALock.CreateAsync(db, prefix + "queue", "list");

        // A key with its own hash tag keeps its companions (hashes among them) under the prefix: they are no locks to list.
        var ran = await CronLockProcess.RunAsync(server.Endpoint, new CronLockInvocation(Jobs.ExitWith(0, "tagged"))
            .WithEnvironment("CRONLOCK_PREFIX", prefix).WithEnvironment("CRONLOCK_KEY", "{nightly}").WithEnvironment("CRONLOCK_GRACE", "300"), cancellationToken: cancellationToken);
        ran.ShouldExitWith(0);
        Assert.True(await db.KeyExistsAsync(LockState.HolderKey(prefix + "{nightly}")), $"No holder record under the prefix.\n{ran}");

        var result = await CronLockProcess.RunAsync(server.Endpoint,
            new CronLockInvocation(json ? ["--list", "--json"] : ["--list"]).WithEnvironment("CRONLOCK_PREFIX", prefix), cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
        if (json)
        {
            Assert.Equal(
                [$"{prefix}golock foreign", $"{prefix}queue not_a_lock list", $"{prefix}settings not_a_lock hash", $"{prefix}{{nightly}} held"],
                lines.Select(line => Describe(StatusJson.Parse(line))));
        }
        else
        {
            Assert.Collection(
                lines,
                line => Assert.StartsWith($"{prefix}golock\theld by a foreign holder", line, StringComparison.Ordinal),
                line => Assert.Equal($"{prefix}queue\tnot a lock (a list)", line),
                line => Assert.Equal($"{prefix}settings\tnot a lock (a hash)", line),
                line => Assert.StartsWith($"{prefix}{{nightly}}\theld by {Environment.MachineName} ", line, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task List_Text_EndsEachHeldLockWithItsCommandLine()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        var prefix = "it.list.command.";
        var job = Jobs.ExitWith(0, "nightly --full");
        var ran = await CronLockProcess.RunAsync(server.Endpoint, new CronLockInvocation(job)
            .WithEnvironment("CRONLOCK_PREFIX", prefix).WithEnvironment("CRONLOCK_GRACE", "300"), cancellationToken: cancellationToken);
        ran.ShouldExitWith(0);

        var result = await CronLockProcess.RunAsync(server.Endpoint, CronLockInvocation.Of("--list").WithEnvironment("CRONLOCK_PREFIX", prefix), cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        var line = Assert.Single(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{ExpectedKey.ForArguments(job, prefix)}\theld by {Environment.MachineName} ", line, StringComparison.Ordinal);
        // GRACE 300 keeps the lock to start + 301 s; Redis rounds the TTL, so it reads 301 within the
        // start's second and a little under 300 on a loaded machine.
        Assert.True(
            System.Text.RegularExpressions.Regex.IsMatch(line, @" \(TTL (29[0-9]|30[01])s\)\tcommand: sh -c exit ""\$1"" exit-with 0 nightly --full$"),
            $"--list printed: {line}");
        Assert.Empty(result.StandardError);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_WithNoLock_SaysSoOnStderrInTextAndExits0(bool json)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var server = await RedisServer.StartAsync(cancellationToken: cancellationToken);
        await server.Database().StringSetAsync("it.other.key", "1");

        var result = await CronLockProcess.RunAsync(server.Endpoint,
            new CronLockInvocation(json ? ["--list", "--json"] : ["--list"]).WithEnvironment("CRONLOCK_PREFIX", "it.list.none."), cancellationToken: cancellationToken);

        result.ShouldExitWith(0);
        Assert.Empty(result.StandardOutput);
        Assert.Equal(json ? [] : ["information: no locks under the prefix \"it.list.none.\""], result.StandardErrorLines.Select(BadInputTests.MessageOf));
    }

    private static string Describe(StatusJson status) =>
        string.Join(' ', new[] { status.String("key"), status.String("state"), status.String("key_type") }.OfType<string>());

    private static string AssertForeign(StatusJson status)
    {
        Assert.True(status.String("state") == "foreign", $"Expected a foreign lock: {status}");
        return status.String("key") ?? "";
    }

    /// <summary>10,000 golock-style locks in one pipelined batch; they expire by themselves too.</summary>
    private static async Task<HashSet<string>> CreateForeignLocksAsync(IDatabase db, string prefix)
    {
        var expiry = (UnixTime.Floor + 600).ToString(CultureInfo.InvariantCulture);
        var keys = Enumerable.Range(0, LockCount).Select(i => prefix + i.ToString("x5", CultureInfo.InvariantCulture)).ToList();
        var batch = db.CreateBatch();
        var writes = keys.Select(k => batch.StringSetAsync(k, expiry, TimeSpan.FromMinutes(5))).ToList();
        batch.Execute();
        await Task.WhenAll(writes);
        return keys.ToHashSet(StringComparer.Ordinal);
    }
}
